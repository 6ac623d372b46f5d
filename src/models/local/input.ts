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

export interface LocalModelInput {
  question: string;
  /** The vendors the question is asked about although it may not name them (a questionnaire's Vendor column). */
  vendors: string[];
  passages: PromptPassage[];
}

/** The call options that carry `input` to the local model. */
export function localProviderOptions(input: LocalModelInput): { local: JSONObject } {
  return {
    local: {
      question: input.question,
      vendors: [...input.vendors],
      passages: input.passages as unknown as JSONValue,
    },
  };
}

/** The input of a call, or undefined when the call carries none (then there is nothing to quote). */
export function readLocalModelInput(providerOptions: SharedV3ProviderOptions | undefined): LocalModelInput | undefined {
  const input = providerOptions?.local as { question?: unknown; passages?: unknown; vendors?: unknown } | undefined;
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
  return { question: input.question, passages, vendors };
}
