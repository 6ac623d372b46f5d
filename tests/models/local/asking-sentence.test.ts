/**
 * A question that sets a scene before it asks: the asking sentence's words say what the answer must be about. The
 * passages are invented (Ruritania's data act, a harbour logistics firm).
 */
import { describe, expect, it } from 'vitest';
import { toPromptPassages } from '../../../src/answer/prompt.js';
import type { Passage } from '../../../src/corpus/types.js';
import { askingTerms, composeAnswer } from '../../../src/models/local/extractive-model.js';
import { testPassage } from '../../helpers/passages.js';

const law = (id: string, text: string): Passage =>
  testPassage(id, { text, title: 'Ruritanian Data Act', jurisdiction: 'RU' });

describe('the asking sentence of a question', () => {
  it('is the sentence that ends with a question mark, when others set the scene', () => {
    expect([...askingTerms('We run harbour logistics software. Does the act apply to us?')!]).toEqual(
      expect.arrayContaining(['act', 'apply']),
    );
    expect(askingTerms('Does the act apply to harbour logistics software?')).toBeUndefined();
  });

  it('leads the answer with the sentence on what is asked, not the one that repeats the scene', () => {
    const scene = law(
      'rda#art-40',
      'Harbour logistics firms keep shipping records in a register for the port authority, which inspects it each year.',
    );
    const scope = law(
      'rda#art-3',
      'The Act shall apply to the services of every provider that offers them to users in Ruritania, wherever it is established.',
    );
    const answer = composeAnswer(
      'We are a harbour logistics firm with container tracking software and shipping manifests. Does the Act apply to our services?',
      toPromptPassages([scene, scope]),
    );
    expect(answer).toMatch(/^Yes — The Act shall apply/);
  });

  it('answers whether a law applies with its own statement of its scope, which refers to the law as "This Act"', () => {
    const duties = law(
      'rda#art-27',
      'Where Article 3 applies, the provider shall designate in writing a representative in Ruritania for its users.',
    );
    const scope = law(
      'rda#art-3',
      'This Act applies to the processing of shipping records of users in Ruritania by a provider not established there, where it tracks their cargo.',
    );
    const answer = composeAnswer(
      'The port software firm we buy from sits in Freedonia and tracks cargo bound for Ruritanian ports. Does the Act apply to that firm?',
      toPromptPassages([duties, scope]),
    );
    expect(answer).toMatch(/^[^\n]*This Act applies to the processing of shipping records/);
  });
});
