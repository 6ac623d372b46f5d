/**
 * The words the local model reads the field's sentences by come from the field vocabulary, not from code: a user
 * with another corpus changes what counts as a counterpoint, an editorial note or a weak word by editing the file.
 * The harbour rules and Globex are invented.
 */
import { describe, expect, it } from 'vitest';
import { parseFieldVocabulary } from '../../../src/answer/field-vocabulary.js';
import { toPromptPassages } from '../../../src/answer/prompt.js';
import { AppError } from '../../../src/errors.js';
import { composeAnswer } from '../../../src/models/local/extractive-model.js';
import { compileFieldWords } from '../../../src/models/local/field-words.js';
import { noAnswerWords, type AnswerWords } from '../../../src/models/local/input.js';
import { stem } from '../../../src/text/terms.js';
import { testPassage } from '../../helpers/passages.js';

describe('a list of the field’s words or phrases', () => {
  it('matches nothing when empty, so what it drives stays off', () => {
    const words = compileFieldWords(noAnswerWords);
    expect(words.counterpoint.test('The claim was denied.')).toBe(false);
    expect(words.riskQuestionTerms.size).toBe(0);
  });

  it('is read as stems where words are compared with a question’s', () => {
    const words = compileFieldWords({ ...noAnswerWords, weakWords: ['harbours'], serviceNames: ['Shipping'] });
    expect(words.weakTerms.has(stem('harbour'))).toBe(true);
    expect(words.serviceNameTerms.has(stem('shipping'))).toBe(true);
  });
});

describe('the field vocabulary file', () => {
  it('gives the local model its lists and the vendor searches, and nothing when the sections are absent', () => {
    const vocabulary = parseFieldVocabulary(`
weak_words: [harbour, port]
vendor_searches:
  - query: '{vendor} pilot licence suspended'
    type: [news]
answers:
  counterpoints: [does not reach]
  editorial_notes: [summarised from]
`);
    expect(vocabulary.answerWords.weakWords).toEqual(['harbour', 'port']);
    expect(vocabulary.answerWords.counterpoints).toEqual(['does not reach']);
    expect(vocabulary.answerWords.riskQuestion).toEqual([]);
    expect(vocabulary.weakTerms.has(stem('harbour'))).toBe(true);
    expect(vocabulary.vendorSearches).toEqual([{ query: '{vendor} pilot licence suspended', type: ['news'] }]);
    expect(parseFieldVocabulary('').answerWords).toEqual(noAnswerWords);
    expect(parseFieldVocabulary('').vendorSearches).toEqual([]);
  });

  it('refuses a vendor search without {vendor} or with an unknown document type, naming the entry', () => {
    expect(() => parseFieldVocabulary(`vendor_searches:\n  - query: 'pilot licence'`)).toThrow(AppError);
    expect(() => parseFieldVocabulary(`vendor_searches:\n  - query: 'pilot licence'`)).toThrow(/vendor_searches\.0/);
    expect(() => parseFieldVocabulary(`vendor_searches:\n  - query: '{vendor}'\n    type: [blog]`)).toThrow(
      /vendor_searches\.0\.type/,
    );
  });
});

describe('an answer read with the field’s words', () => {
  const rules = testPassage('harbour-rules#art-4', {
    title: 'Harbour Safety Act',
    heading: 'Harbour Safety Act › Article 4',
    text: 'Every harbour operator must log each pilot transfer within the harbour limits. The logging duty does not reach pilots who board a vessel outside the harbour limits. This page is summarised from the port authority circular on pilot transfers.',
  });
  const question = 'Must a harbour operator log pilot transfers outside the harbour limits?';
  const answer = (words: AnswerWords) => composeAnswer(question, toPromptPassages([rules]), 12, [], words);

  it('puts a sentence under counterpoints when it has a counterpoint phrase of the vocabulary', () => {
    const text = answer({ ...noAnswerWords, counterpoints: ['does not reach'] });
    expect(text).toMatch(/\*\*Counterpoints and limits\*\*\n- [^\n]*does not reach pilots who board/);
    expect(answer(noAnswerWords)).not.toContain('Counterpoints and limits');
  });

  it('never quotes what the vocabulary calls an editorial note', () => {
    expect(answer(noAnswerWords)).toContain('summarised from the port authority circular');
    expect(answer({ ...noAnswerWords, editorialNotes: ['summarised from'] })).not.toContain('summarised from');
  });
});
