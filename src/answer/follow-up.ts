/**
 * Follow-up questions in a conversation become standalone questions before retrieval, by substitution, never by
 * appending the earlier question: "and what about for AWS?" after "Is Alibaba Cloud subject to the CLOUD Act?" is
 * "Is AWS subject to the CLOUD Act?"; "what about in Germany?" after "Is Huawei banned in the UK?" is "Is Huawei banned
 * in Germany?"; "why did they do it?" after "Did Italy block DeepSeek?" is "Why did Italy block DeepSeek?"; "does it
 * hold ISO 27001?" puts the earlier subject in place of "it". The rewrite is deterministic and needs no model call, so
 * retrieval never waits on an LLM.
 */
import type { ConversationTurn } from '../assistant.js';

export interface FollowUpContext {
  /** Names of known organisations (vendors and their aliases): a new name among them replaces the earlier subject. */
  entityNames?: readonly string[];
}

const auxiliaries = /^(does|do|did|is|are|was|were|can|could|will|would|should|shall|has|have|had|may|might|must)\b/i;
const questionWords = /^(what|how|which|who|whom|whose|when|where|why)\b/i;
// "and what about for AWS?", "how about in Germany?", "same for Tencent?", "and Huawei?"
const leadIn =
  /^\s*(?:(?:and|also|but|so|ok(?:ay)?|then)[\s,]+)*(?:(?:what|how) about|same (?:for|in|with)|what of|and)\s+/i;
const placePrepositions = /^(in|within|inside|across|throughout|for the|under)\s+/i;
const entityPrepositions = /^(for|with|regarding|re|on|by|from)\s+/i;
const pronouns =
  /\b(it|its|it's|they|them|their|theirs|this vendor|that vendor|the vendor|this company|the company|this provider|the provider|this firm|the firm|this law|that law|the law)\b/gi;
// A follow-up that asks about what was just discussed, with no content words of its own: "why did they do it?".
const proForms = new Set(
  `it its they them their this that these those there do does did done doing happen happened happens so then that's
  and but also the a an to of about for`
    .split(/\s+/)
    .filter(Boolean),
);
const notSubjects = new Set(
  `is are was were do does did can could should would will may might must has have had what which who whom whose why how
  when where if and or but so the a an in on of for to from with by about at as this that these those it they we you i
  yes no please tell give explain describe list summarise summarize compare our my`
    .split(/\s+/)
    .filter(Boolean),
);

/** The question as it should be retrieved: the follow-up made standalone, or the question unchanged. */
export function rewriteFollowUp(
  question: string,
  history: readonly ConversationTurn[] = [],
  context: FollowUpContext = {},
): string {
  let previous: string | undefined;
  for (const turn of history) {
    if (turn.role !== 'user' || turn.content.trim() === '') continue;
    previous = previous === undefined ? turn.content.trim() : standalone(turn.content.trim(), previous, context);
  }
  return previous === undefined ? question.trim() : standalone(question.trim(), previous, context);
}

function standalone(question: string, previous: string, context: FollowUpContext): string {
  const lead = leadIn.exec(question);
  if (lead) {
    const rest = question.slice(lead[0].length).replace(/[?.!\s]+$/, '');
    if (rest !== '' && !auxiliaries.test(rest) && !questionWords.test(rest) && rest.split(/\s+/).length <= 6) {
      return substitute(previous, rest, context);
    }
    // "and does it have certifications?": the lead-in is only a connective.
    return standalone(capitalise(question.slice(lead[0].length)), previous, context);
  }
  const why = /^(why|how|when|where)\b/i.exec(question);
  if (why && contentWords(question).length === 0 && auxiliaries.test(previous)) {
    // "Why did they do it?" after "Did Italy block DeepSeek?": the earlier question, asked why.
    return `${capitalise(why[1]!.toLowerCase())} ${lowerFirst(previous.replace(/[?.!\s]+$/, ''))}?`;
  }
  const subject = subjectOf(previous);
  if (subject && new RegExp(pronouns.source, 'i').test(question)) {
    return question.replace(pronouns, (pronoun: string) =>
      /^(its|their|theirs)$/i.test(pronoun) ? `${subject}'s` : subject,
    );
  }
  return question;
}

/** Puts `replacement` ("for AWS", "in Germany", "Tencent") where it belongs in the earlier question. */
function substitute(previous: string, replacement: string, context: FollowUpContext): string {
  const base = previous.replace(/[?.!\s]+$/, '');
  const ending = /\?\s*$/.test(previous) ? '?' : '';
  const place = placePrepositions.exec(replacement);
  const entity = entityPrepositions.exec(replacement);
  const name = replacement.slice((place ?? entity)?.[0].length ?? 0).trim();
  const places = placePhrases(base);
  const isKnownEntity = (context.entityNames ?? []).some((known) => known.toLowerCase() === name.toLowerCase());
  if (place || (!entity && !isKnownEntity && places.length > 0 && !subjectOf(base)?.includes(' '))) {
    const preposition = place ? place[1]!.toLowerCase() : 'in';
    if (places.length > 0) {
      const last = places.at(-1)!;
      return `${base.slice(0, last.index)}${preposition} ${name}${base.slice(last.index + last.text.length)}${ending}`;
    }
    if (place) return `${base} ${preposition} ${name}${ending}`;
  }
  const subject = subjectOf(base);
  if (subject) return `${base.split(subject).join(name)}${ending}`;
  return `${base} ${entity ? entity[1]!.toLowerCase() : 'for'} ${name}${ending}`;
}

/** "in the UK", "in Germany", "within the EU": a preposition and a capitalised place name. */
function placePhrases(text: string): { index: number; text: string }[] {
  const found: { index: number; text: string }[] = [];
  for (const match of text.matchAll(
    /\b(?:in|within|inside|across|throughout)\s+(?:the\s+)?\p{Lu}[\p{L}.-]*(?:\s+\p{Lu}[\p{L}.-]*)*/gu,
  )) {
    found.push({ index: match.index!, text: match[0] });
  }
  return found;
}

function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? []).filter(
    (word) => !proForms.has(word) && !/^(why|how|when|where)$/.test(word),
  );
}

/**
 * The first run of capitalised words that names something (not a question word), outside a place phrase: in "Is
 * Huawei banned in the UK?" the subject is Huawei.
 */
function subjectOf(text: string): string | undefined {
  const withoutPlaces = placePhrases(text).reduce((result, place) => result.replace(place.text, ' , '), text);
  const words = withoutPlaces.split(/\s+/);
  let run: string[] = [];
  const runs: string[] = [];
  for (const raw of words) {
    const word = raw.replace(/^[("'“‘]+|[)"'”’?,.!:;]+$/g, '').replace(/['’]s$/, '');
    const capitalised = /^(\p{Lu}[\p{L}\p{N}&.-]*|\p{Lu}{2,}|[\p{Script=Han}]+)$/u.test(word);
    if (capitalised && !notSubjects.has(word.toLowerCase())) {
      run.push(word);
    } else {
      if (run.length) runs.push(run.join(' '));
      run = [];
    }
    if (/[?,.!:;)]$/.test(raw) && run.length) {
      runs.push(run.join(' '));
      run = [];
    }
  }
  if (run.length) runs.push(run.join(' '));
  return runs[0];
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Lower-cases the first word unless it is a name or an acronym ("Did" → "did", "EU" stays). */
function lowerFirst(text: string): string {
  const [first = '', ...rest] = text.split(' ');
  return [auxiliaries.test(first) ? first.toLowerCase() : first, ...rest].join(' ');
}
