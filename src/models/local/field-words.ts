/**
 * The field's words (input.ts `AnswerWords`) in the form the model matches them: word lists as sets of stems, phrase
 * lists as one pattern each (text/phrases.ts). An empty list gives a set or a pattern that matches nothing, so what it
 * drives stays off.
 */
import { phrasePattern } from '../../text/phrases.js';
import { contentTerms } from '../../text/terms.js';
import type { AnswerWords } from './input.js';

export interface FieldWords {
  weakTerms: ReadonlySet<string>;
  riskQuestionTerms: ReadonlySet<string>;
  serviceNameTerms: ReadonlySet<string>;
  riskEvent: RegExp;
  counterpoint: RegExp;
  denial: RegExp;
  assessment: RegExp;
  editorialNote: RegExp;
}

const compiled = new Map<string, FieldWords>();
/** Distinct vocabularies kept compiled: one per corpus a process serves, with room to spare. */
const compiledLimit = 8;

export function compileFieldWords(words: AnswerWords): FieldWords {
  const key = JSON.stringify(words);
  const known = compiled.get(key);
  if (known) return known;
  const fieldWords: FieldWords = {
    weakTerms: stemsOf(words.weakWords),
    riskQuestionTerms: stemsOf(words.riskQuestion),
    serviceNameTerms: stemsOf(words.serviceNames),
    riskEvent: phrasePattern(words.riskEvents),
    counterpoint: phrasePattern(words.counterpoints),
    denial: phrasePattern(words.denials),
    assessment: phrasePattern(words.assessments),
    editorialNote: phrasePattern(words.editorialNotes),
  };
  if (compiled.size >= compiledLimit) compiled.delete(compiled.keys().next().value!);
  compiled.set(key, fieldWords);
  return fieldWords;
}

function stemsOf(words: readonly string[]): ReadonlySet<string> {
  return new Set(words.flatMap((word) => contentTerms(word)));
}
