/**
 * Citation recall and precision as defined by ALCE (Gao et al. 2023, "Enabling Large Language Models to Generate
 * Text with Citations"), with a pluggable support judge in place of the NLI model:
 *
 * - recall: a statement counts when it has at least one citation and its cited passages, concatenated, support it;
 *   the answer's recall is the share of its statements that count.
 * - precision: a citation is irrelevant when it does not support its statement alone AND the statement's other
 *   citations still support it without it. When a statement is not supported by all its citations together, none of
 *   them counts. The answer's precision is relevant citations / all citations (0 when there are none).
 *
 * Statements are the answer's claim sentences. Sentences that only say what the passages do not cover (`gap`) make
 * no claim about the sources and are left out.
 */
import type { AnswerRecord } from '../../src/answer/record.js';
import { stripMarkers } from '../../src/text/citation-markers.js';
import { contentTerms, isNumberTerm } from '../../src/text/terms.js';
import type { JudgedPassage, SupportJudge } from '../judges/support-judge.js';

export interface Statement {
  text: string;
  /** Citation markers of the statement; each resolves to a passage or is missing (undefined). */
  citations: { n: number; passage: JudgedPassage | undefined }[];
}

export interface StatementVerdict {
  text: string;
  citations: number[];
  supported: boolean;
  /** Markers judged irrelevant by the precision rule. */
  irrelevant: number[];
}

export interface CitationQuality {
  /** Null when the answer makes no claims. */
  recall: number | null;
  /** Null when the answer makes no claims. */
  precision: number | null;
  statements: StatementVerdict[];
  citationCount: number;
  relevantCitations: number;
}

export async function citationQuality(statements: readonly Statement[], judge: SupportJudge): Promise<CitationQuality> {
  if (statements.length === 0) {
    return { recall: null, precision: null, statements: [], citationCount: 0, relevantCitations: 0 };
  }
  let supportedStatements = 0;
  let citationCount = 0;
  let relevantCitations = 0;
  const verdicts: StatementVerdict[] = [];
  for (const statement of statements) {
    const markers = statement.citations.map((citation) => citation.n);
    citationCount += markers.length;
    const passages = statement.citations.flatMap((citation) => (citation.passage ? [citation.passage] : []));
    // An unresolvable marker can support nothing; the statement is judged on what does resolve.
    const jointlySupported = passages.length > 0 && (await judge.judge(statement.text, passages)).supported;
    const irrelevant: number[] = [];
    if (jointlySupported) {
      supportedStatements++;
      if (statement.citations.length === 1) {
        relevantCitations++;
      } else {
        for (const citation of statement.citations) {
          if (await isRelevant(statement, citation, judge)) relevantCitations++;
          else irrelevant.push(citation.n);
        }
      }
    } else {
      irrelevant.push(...markers);
    }
    verdicts.push({ text: statement.text, citations: markers, supported: jointlySupported, irrelevant });
  }
  return {
    recall: supportedStatements / statements.length,
    precision: citationCount === 0 ? 0 : relevantCitations / citationCount,
    statements: verdicts,
    citationCount,
    relevantCitations,
  };
}

async function isRelevant(
  statement: Statement,
  citation: Statement['citations'][number],
  judge: SupportJudge,
): Promise<boolean> {
  if (!citation.passage) return false;
  if ((await judge.judge(statement.text, [citation.passage])).supported) return true;
  const others = statement.citations
    .filter((other) => other !== citation)
    .flatMap((other) => (other.passage ? [other.passage] : []));
  if (others.length === 0) return true;
  // Needed when the others alone no longer support the statement.
  return !(await judge.judge(statement.text, others)).supported;
}

/**
 * Whether each claim sentence's cited spans contain what it says: a check that can fail, unlike a support score on
 * verbatim copies. A sentence counts when its quoted spans (with the cited passages' titles and headings, which a
 * reader sees beside the quote) hold at least `spanContainmentShare` of its content words and every number it
 * states. `perSentence` reads each sentence's own spans (`sentences[].quotes`); otherwise the citation's one quote.
 */
export const spanContainmentShare = 0.8;

export interface SpanContainment {
  /** Share of claim sentences whose spans contain them; null without claims. */
  share: number | null;
  failing: string[];
}

export function spanContainment(
  record: Pick<AnswerRecord, 'sentences' | 'citations'>,
  options: { perSentence: boolean },
): SpanContainment {
  const byNumber = new Map(record.citations.map((citation) => [citation.n, citation]));
  const claims = record.sentences.filter((sentence) => sentence.kind !== 'gap' && sentence.citations.length > 0);
  if (claims.length === 0) return { share: null, failing: [] };
  const failing: string[] = [];
  for (const sentence of claims) {
    const spans = sentence.citations.map((n) => {
      const own = options.perSentence ? sentence.quotes?.find((quote) => quote.n === n)?.quote : undefined;
      const citation = byNumber.get(n);
      return `${own ?? citation?.quote ?? ''}\n${citation?.title ?? ''}\n${citation?.heading ?? ''}`;
    });
    const available = new Set(contentTerms(spans.join('\n')));
    const terms = [...new Set(contentTerms(stripMarkers(sentence.text)))];
    const found = terms.filter((term) => available.has(term));
    const numbersPresent = terms.filter(isNumberTerm).every((term) => available.has(term));
    const contained = terms.length > 0 && numbersPresent && found.length / terms.length >= spanContainmentShare;
    if (!contained) failing.push(sentence.text);
  }
  return { share: (claims.length - failing.length) / claims.length, failing };
}
