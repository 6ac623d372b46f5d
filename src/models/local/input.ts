/**
 * What the local model reads: the question, the vendors it is asked about and the numbered passages, as data under
 * the call's `providerOptions.local` (answer/prompt.ts puts them there beside the prompt text a remote model reads).
 * The model never parses prompt text back, so this is its whole contract with the engine.
 */
import type { JSONObject, JSONValue, SharedV3ProviderOptions } from '@ai-sdk/provider';

export interface PromptPassage {
  /** The marker number, 1-based: the answer cites the passage as `[n]`. */
  n: number;
  passageId: string;
  title: string;
  /** The heading path, its levels joined by `headingSeparator` ("PIPL › Chapter III › Article 38"). */
  heading: string;
  /** The document type (`law`, `regulation`, `news`, `vendor`, ...). */
  type: string;
  jurisdiction: string;
  /** ISO date (`2025-11-14`), or '' when the document has none. */
  published: string;
  /** The date that fits the source, with its meaning and as-of date ("in force since 1 June 2017 · as of …"). */
  dated?: string;
  /** True when the date `dated` shows is a placeholder the corpus marks unconfirmed: it dates nothing. */
  dateUnconfirmed?: boolean;
  text: string;
}

/**
 * The field's words the model reads sentences by (the field vocabulary's `weak_words` and `answers`): words or
 * phrases, matched whole and case-insensitively, a trailing `*` matching any ending. An empty list turns off what it
 * drives; with every list empty the model still answers, each question as a question of fact.
 */
export interface AnswerWords {
  /** Words that barely tell the field's passages apart: they count less when a sentence is matched to a question. */
  weakWords: string[];
  /** A question made only of these words and a vendor's name asks about the vendor's risk as a whole. */
  riskQuestion: string[];
  /** Words in a vendor's name that name a kind of service, not the vendor. */
  serviceNames: string[];
  /** Words of a reported event that bears on a vendor's risk. */
  riskEvents: string[];
  /** Words of a sentence that weighs against a risk or limits it. */
  counterpoints: string[];
  /** Words of a denial. */
  denials: string[];
  /** Phrases that say what a fact means for the buyer. */
  assessments: string[];
  /** Phrases of the corpus' own editorial notes, never quoted. */
  editorialNotes: string[];
}

export const noAnswerWords: AnswerWords = {
  weakWords: [],
  riskQuestion: [],
  serviceNames: [],
  riskEvents: [],
  counterpoints: [],
  denials: [],
  assessments: [],
  editorialNotes: [],
};

const answerWordKeys = Object.keys(noAnswerWords) as (keyof AnswerWords)[];

export interface LocalModelInput {
  question: string;
  /** The vendors the question is asked about although it may not name them (a questionnaire's Vendor column). */
  vendors: string[];
  passages: PromptPassage[];
  words: AnswerWords;
}

/** The call options that carry `input` to the local model. */
export function localProviderOptions(input: LocalModelInput): { local: JSONObject } {
  return {
    local: {
      question: input.question,
      vendors: [...input.vendors],
      passages: input.passages as unknown as JSONValue,
      words: input.words as unknown as JSONValue,
    },
  };
}

/** The input of a call, or undefined when the call carries none (then there is nothing to quote). */
export function readLocalModelInput(providerOptions: SharedV3ProviderOptions | undefined): LocalModelInput | undefined {
  const input = providerOptions?.local as
    { question?: unknown; passages?: unknown; vendors?: unknown; words?: unknown } | undefined;
  if (typeof input?.question !== 'string' || !Array.isArray(input.passages)) return undefined;
  const passages = input.passages.filter(
    (passage): passage is PromptPassage =>
      typeof passage === 'object' &&
      passage !== null &&
      typeof (passage as PromptPassage).text === 'string' &&
      typeof (passage as PromptPassage).n === 'number',
  );
  const vendors = Array.isArray(input.vendors)
    ? input.vendors.filter((vendor): vendor is string => typeof vendor === 'string')
    : [];
  return { question: input.question, passages, vendors, words: readAnswerWords(input.words) };
}

function readAnswerWords(value: unknown): AnswerWords {
  if (typeof value !== 'object' || value === null) return noAnswerWords;
  const lists = value as Record<string, unknown>;
  const words = { ...noAnswerWords };
  for (const key of answerWordKeys) {
    const list = lists[key];
    if (Array.isArray(list)) words[key] = list.filter((word): word is string => typeof word === 'string');
  }
  return words;
}
