/**
 * A yes/no question is answered first with its verdict, read from the polarity of the lead sentence against the
 * question's; where the lead does not decide, no verdict is given. The laws and firms are invented (the Harbour Safety
 * Act, Ruritania, Globex).
 */
import { describe, expect, it } from 'vitest';
import { toPromptPassages } from '../../../src/answer/prompt.js';
import { composeAnswer } from '../../../src/models/local/extractive-model.js';
import { askedWhether, verdictOf } from '../../../src/models/local/verdict.js';
import { testPassage } from '../../helpers/passages.js';

describe('the clause that asks whether', () => {
  it('opens with an auxiliary, after a short framing clause if there is one', () => {
    expect(askedWhether('Can the harbour master fine a pilot twice for one offence?')).toBe(
      'Can the harbour master fine a pilot twice for one offence',
    );
    expect(askedWhether('Under the Harbour Safety Act, must pilots keep a logbook?')).toBe(
      'must pilots keep a logbook',
    );
    expect(askedWhether('Does the act apply to tugboats, and what must their owners file?')).toBe(
      'Does the act apply to tugboats',
    );
  });

  it('is not found in other questions, or where a yes or no would not answer', () => {
    expect(askedWhether('Which authority licenses harbour pilots?')).toBeUndefined();
    expect(askedWhether('Is the logbook rule for pilots, or just for tugboat masters?')).toBeUndefined();
    expect(askedWhether('Globex sent us a summary instead of its audit. Is that enough?')).toBeUndefined();
    expect(askedWhether('Is the 1998 harbour code still in force?')).toBeUndefined();
    expect(askedWhether('Do you keep pilot logbooks for seven years?')).toBeUndefined();
  });
});

describe('the verdict', () => {
  it('is yes when the lead states the asked thing plainly', () => {
    expect(
      verdictOf(
        'Must harbour pilots keep a logbook of every passage?',
        'Every harbour pilot must keep a logbook recording each passage, its vessel and its time.',
      ),
    ).toBe('Yes');
  });

  it('is no when the lead negates a word of the question', () => {
    expect(
      verdictOf(
        'Can the harbour master fine a pilot twice for one offence?',
        'The harbour master may not fine a pilot twice for the same offence.',
      ),
    ).toBe('No');
  });

  it('agrees when the question negates the same word', () => {
    expect(
      verdictOf(
        'After the 2024 reform, could tugboats no longer enter the inner harbour at night?',
        'Since the 2024 reform tugboats may not enter the inner harbour between dusk and dawn.',
      ),
    ).toBe('Yes');
  });

  it('reads a prohibition as a negation, and two as agreement', () => {
    expect(
      verdictOf(
        'Can Ruritanian ports still buy Globex cranes?',
        'The order prohibits ports from buying Globex cranes.',
      ),
    ).toBeUndefined(); // "still": the state of things now is not read from one sentence
    expect(
      verdictOf('Can Ruritanian ports buy Globex cranes?', 'The order prohibits ports from buying Globex cranes.'),
    ).toBe('No');
    expect(
      verdictOf(
        'Are Globex cranes banned in Ruritanian ports?',
        'The order prohibits Globex cranes in Ruritanian ports.',
      ),
    ).toBe('Yes');
  });

  it('reads "not ... outside" as a double negation', () => {
    expect(
      verdictOf(
        'Does the Harbour Safety Act reach cargo records kept abroad?',
        'Keeping cargo records abroad does not take them outside the reach of the Harbour Safety Act.',
      ),
    ).toBe('Yes');
  });

  it('gives none when the lead does not decide', () => {
    // A negation away from the question's words: a condition, not the answer.
    expect(
      verdictOf(
        'Must harbour pilots keep a logbook?',
        'Pilots who do not hold a licence are fined; licensed pilots keep a logbook.',
      ),
    ).toBeUndefined();
    // What someone said is their claim, not the corpus' finding.
    expect(
      verdictOf(
        'Did Globex store pilot records in Freedonia?',
        'Globex said it did not store pilot records in Freedonia.',
      ),
    ).toBeUndefined();
    // The lead shares the subject but not what is asked of it.
    expect(
      verdictOf(
        'Can the port authority make Globex disclose its crane maintenance schedule and repair history?',
        'The port authority may inspect Globex cranes at any time.',
      ),
    ).toBeUndefined();
    // A recommendation says what ought to be, not what is.
    expect(
      verdictOf(
        'Is crane maintenance logged and tied to a work order?',
        'Crane maintenance should be logged and tied to a work order.',
      ),
    ).toBeUndefined();
    // A lead about another vendor than the one asked about.
    expect(
      verdictOf('Did the port authority fine Globex?', 'The port authority fined Initech in 2024.', {
        vendorTerms: ['globex'],
      }),
    ).toBeUndefined();
  });
});

describe('an answer to a yes/no question', () => {
  const passages = toPromptPassages([
    testPassage('hsa#art-9', {
      title: 'Harbour Safety Act',
      text: 'The harbour master may not fine a pilot twice for the same offence. Fines go to the harbour fund.',
    }),
  ]);

  it('opens with the verdict, under the lead sentence citation', () => {
    const answer = composeAnswer('Can the harbour master fine a pilot twice for one offence?', passages);
    expect(answer).toMatch(/^No — .*may not fine a pilot twice for the same offence \[1\]\./);
  });

  it('opens with the lead alone when the question is not yes/no', () => {
    const answer = composeAnswer('Where do the harbour master fines go?', passages);
    expect(answer).not.toMatch(/^(Yes|No)\b/);
  });

  it('gives no verdict when another quoted sentence decides the question the other way', () => {
    const rules = toPromptPassages([
      testPassage('hsa#art-4', {
        title: 'Harbour Safety Act',
        text: 'Every harbour operator must log each pilot transfer within the harbour limits. The logging duty does not reach pilots who board a vessel outside the harbour limits.',
      }),
    ]);
    const answer = composeAnswer('Must a harbour operator log pilot transfers outside the harbour limits?', rules);
    expect(answer).toContain('does not reach pilots who board a vessel outside the harbour limits');
    expect(answer).not.toMatch(/^(Yes|No)\b/);
  });
});
