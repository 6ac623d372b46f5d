/**
 * The local model's input contract: the engine hands it the question, the vendors and the numbered passages as data
 * under `providerOptions.local`, and the model reads that data and nothing else.
 */
import { describe, expect, it } from 'vitest';
import { buildAnswerPrompt, toPromptPassages } from '../../../src/answer/prompt.js';
import type { Passage } from '../../../src/corpus/types.js';
import { composeAnswer } from '../../../src/models/local/extractive-model.js';
import { localProviderOptions, noAnswerWords, readLocalModelInput } from '../../../src/models/local/input.js';
import { testPassage } from '../../helpers/passages.js';

function passage(id: string, fields: Partial<Passage> & Pick<Passage, 'text' | 'type'>): Passage {
  return testPassage(id, { contentHash: '', ...fields });
}

const report = (dates?: Passage['dates']) =>
  passage('news-harbour#report', {
    type: 'news',
    title: 'Harbour Analytics outage',
    published: '2025-11-14',
    ...(dates ? { dates } : {}),
    text: 'Harbour Analytics suffered an outage that exposed customer records to other tenants. Regulators opened an inquiry into the Harbour Analytics outage and the exposed customer records.',
  });

describe('the local model input', () => {
  it('carries what the prompt builder gives, passages numbered in prompt order', () => {
    const passages = [report(), passage('gdpr#art-33', { type: 'law', text: 'A breach must be notified.' })];
    const options = buildAnswerPrompt('Did Harbour Analytics leak data?', passages, ['Harbour Analytics']);
    expect(readLocalModelInput(options.providerOptions)).toEqual({
      question: 'Did Harbour Analytics leak data?',
      vendors: ['Harbour Analytics'],
      passages: toPromptPassages(passages),
      words: noAnswerWords,
    });
    expect(readLocalModelInput(options.providerOptions)!.passages.map((entry) => entry.n)).toEqual([1, 2]);
  });

  it('is absent from a call that carries none, and drops passages without text or number', () => {
    expect(readLocalModelInput(undefined)).toBeUndefined();
    expect(readLocalModelInput({ local: { passages: [] } })).toBeUndefined();
    const [valid] = toPromptPassages([report()]);
    const options = localProviderOptions({ question: 'q', vendors: [], passages: [valid!], words: noAnswerWords });
    const mixed = { local: { ...options.local, passages: [valid!, { n: 2 }, { text: 'no number' }, 'text'] } };
    expect(readLocalModelInput(mixed as never)?.passages).toEqual([valid]);
  });

  it('marks a date the corpus flags as a placeholder, and the model then dates no event with it', () => {
    const [confirmed] = toPromptPassages([report()]);
    const [placeholder] = toPromptPassages([report({ unconfirmed: ['published'] })]);
    expect(confirmed!.dateUnconfirmed).toBe(false);
    expect(placeholder!.dateUnconfirmed).toBe(true);
    expect(placeholder!.dated).toMatch(/^date not confirmed/);

    const question = 'Did Harbour Analytics have an outage that exposed customer records?';
    // The second sentence is a reported event, which the model dates with the day of publication when it has one.
    const event = 'Regulators opened an inquiry into the Harbour Analytics outage';
    expect(composeAnswer(question, [confirmed!])).toContain(`- 14 November 2025: ${event}`);
    expect(composeAnswer(question, [placeholder!])).toContain(`- ${event}`);
    expect(composeAnswer(question, [placeholder!])).not.toContain('14 November 2025');
  });
});
