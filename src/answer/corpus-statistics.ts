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
  /**
   * Whether the corpus writes the stem as a name: capitalised nearly everywhere it stands inside a sentence
   * ("Freedonia", "Globex"), so that a question written in lower case ("globex's freedonia programme") still names it.
   */
  writesAsName(term: string): boolean;
}

/** Share of a stem's uses inside sentences that must be capitalised for the corpus to write it as a name. */
const nameShare = 0.9;

export function buildCorpusStatistics(passages: readonly Passage[]): CorpusStatistics {
  const frequency = new Map<string, number>();
  const capitalised = new Map<string, number>();
  const written = new Map<string, number>();
  const stems = new Map<string, string[]>();
  for (const passage of passages) {
    for (const term of new Set(contentTerms(`${passage.title} ${passage.heading} ${passage.text}`))) {
      frequency.set(term, (frequency.get(term) ?? 0) + 1);
    }
    countCase(passage.text, written, capitalised, stems);
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
    writesAsName: (term) => {
      const uses = written.get(term) ?? 0;
      return uses > 0 && (capitalised.get(term) ?? 0) >= uses * nameShare;
    },
  };
}

/** Counts each stem's uses inside sentences (not the first word of one), and how many of them are capitalised. */
function countCase(
  text: string,
  written: Map<string, number>,
  capitalised: Map<string, number>,
  stems: Map<string, string[]>,
): void {
  let sentenceStart = true;
  for (const match of text.matchAll(/[\p{L}][\p{L}\p{N}'’-]*|[.!?:;]/gu)) {
    const word = match[0];
    if (/^[.!?:;]$/.test(word)) {
      sentenceStart = true;
      continue;
    }
    if (!sentenceStart) {
      const lower = word.toLowerCase();
      let terms = stems.get(lower);
      if (!terms) {
        terms = contentTerms(lower);
        stems.set(lower, terms);
      }
      for (const term of terms) {
        written.set(term, (written.get(term) ?? 0) + 1);
        if (/^\p{Lu}/u.test(word)) capitalised.set(term, (capitalised.get(term) ?? 0) + 1);
      }
    }
    sentenceStart = false;
  }
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
