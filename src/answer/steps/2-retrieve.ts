/**
 * Step 2, retrieve. Takes the asked question, its filters and the known vendors; gives the evidence: the general
 * search as ranked (what the evidence check reads) and the passages shown to the model, which for a question about a
 * vendor add the vendor's own passages and the law they cite (vendor-evidence.ts). Other names of what the question
 * names (a law's Chinese title, the other article numbering: the field vocabulary) join the search.
 */
import type { AskOptions } from '../../assistant.js';
import type { Retriever } from '../../retrieve/types.js';
import type { KnownVendors } from '../engine-resources.js';
import { expandWithNames, type FieldVocabulary } from '../field-vocabulary.js';
import { gatherEvidence, type GatheredEvidence } from '../vendor-evidence.js';
import type { Question } from './1-question.js';

const defaultPassageCount = 12;

export async function retrieve(
  retriever: Retriever,
  question: Question,
  options: Pick<AskOptions, 'k' | 'vendorContext'> & { vocabulary: FieldVocabulary; aliases: KnownVendors | undefined },
): Promise<GatheredEvidence> {
  return gatherEvidence(retriever, expandWithNames(options.vocabulary, question.asked), {
    k: options.k ?? defaultPassageCount,
    filters: question.filters,
    aliases: options.aliases,
    vendorContext: options.vendorContext,
    facets: options.vocabulary.vendorSearches,
  });
}
