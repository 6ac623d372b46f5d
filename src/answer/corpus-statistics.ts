/**
 * How rare each word is in the indexed corpus: the number of passages that contain it. The evidence check weights a
 * question's words by rarity (inverse document frequency), so the words that tell passages apart decide and the
 * everyday words of a question ("load", "HQ", "bundles") do not, and a word the corpus never uses is recognised as
 * the asker's own wording rather than a fact the corpus lacks.
 */
import type { Passage } from '../corpus/types.js';
import { contentTerms } from '../text/terms.js';

export interface CorpusStatistics {
  passages: number;
  /** Passages containing the stem (title and heading included). */
  documentFrequency(term: string): number;
  /** ln((N + 1) / (df + 0.5)) scaled so that a word in a single passage weighs about 1; 0 for unknown words. */
  rarity(term: string): number;
}

export function buildCorpusStatistics(passages: readonly Passage[]): CorpusStatistics {
  const frequency = new Map<string, number>();
  for (const passage of passages) {
    for (const term of new Set(contentTerms(`${passage.title} ${passage.heading} ${passage.text}`))) {
      frequency.set(term, (frequency.get(term) ?? 0) + 1);
    }
  }
  const count = passages.length;
  const scale = Math.log((count + 1) / 1.5) || 1;
  return {
    passages: count,
    documentFrequency: (term) => frequency.get(term) ?? 0,
    rarity: (term) => {
      const df = frequency.get(term) ?? 0;
      return df === 0 ? 0 : Math.max(0.05, Math.log((count + 1) / (df + 0.5)) / scale);
    },
  };
}

/** What the engine needs to read every passage: the corpus index has it; a bare retriever may not. */
export interface PassageSource {
  listDocuments(): Promise<{ id: string }[]>;
  getDocument(id: string): Promise<{ passages: Passage[] } | undefined>;
}

export function isPassageSource(value: unknown): value is PassageSource {
  const candidate = value as Partial<PassageSource> | undefined;
  return typeof candidate?.listDocuments === 'function' && typeof candidate.getDocument === 'function';
}

export async function readCorpusStatistics(source: PassageSource): Promise<CorpusStatistics> {
  const passages: Passage[] = [];
  for (const document of await source.listDocuments()) {
    const found = await source.getDocument(document.id);
    if (found) passages.push(...found.passages);
  }
  return buildCorpusStatistics(passages);
}
