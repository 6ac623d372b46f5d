/**
 * Step 3, assess the evidence. Takes the asked question, the general search's hits, the field vocabulary and the
 * corpus' word statistics; gives either "sufficient" or an abstention: out_of_scope (the question is outside the
 * field) or insufficient_evidence (the corpus does not cover it), with the reason, the text shown instead of an answer
 * and the closest passages. The decision itself is evidence.ts.
 */
import type { SearchHit } from '../../retrieve/types.js';
import type { CorpusStatistics } from '../corpus-statistics.js';
import { assessEvidence } from '../evidence.js';
import type { FieldVocabulary } from '../field-vocabulary.js';
import type { SourcePassage } from '../record.js';
import { closestPassages, refusalAnswer } from '../refusals.js';

export type Assessment =
  | { sufficient: true }
  | {
      sufficient: false;
      status: 'out_of_scope' | 'insufficient_evidence';
      reason: string;
      /** What the reader is told: an out-of-scope reason stands alone, a lack of evidence reads as a refusal. */
      answer: string;
      closestPassages: SourcePassage[];
    };

export function assess(
  asked: string,
  hits: readonly SearchHit[],
  context: { vocabulary: FieldVocabulary; statistics: CorpusStatistics | undefined },
): Assessment {
  const verdict = assessEvidence(asked, hits, context);
  if (verdict.status === 'sufficient') return { sufficient: true };
  return {
    sufficient: false,
    status: verdict.status,
    reason: verdict.reason,
    answer: verdict.status === 'out_of_scope' ? verdict.reason : refusalAnswer(verdict.reason),
    closestPassages: closestPassages(hits),
  };
}
