/**
 * Follow-up questions become standalone questions by substitution, without any model call: a new entity replaces
 * the earlier subject, a new place replaces the earlier place, a pronoun takes the earlier subject, and "why did they
 * do it?" asks the earlier question why. The earlier question is never appended.
 */
import { describe, expect, it } from 'vitest';
import { rewriteFollowUp } from '../../src/answer/follow-up.js';
import type { ConversationTurn } from '../../src/assistant.js';

const entityNames = ['Acme Cloud', 'Globex', 'Initech', 'Umbrella Networks', 'AWS'];

function conversation(...turns: string[]): ConversationTurn[] {
  return turns.flatMap((content) => [
    { role: 'user' as const, content },
    { role: 'assistant' as const, content: 'An answer with a citation [1].' },
  ]);
}

const cases: { name: string; history: string[]; question: string; standalone: string }[] = [
  {
    name: 'a new entity after "what about for"',
    history: ['Is Acme Cloud subject to the Cloud Data Act?'],
    question: 'and what about for AWS?',
    standalone: 'Is AWS subject to the Cloud Data Act?',
  },
  {
    name: 'a new entity after "what about"',
    history: ['Does Globex hold an ISO 27001 certificate?'],
    question: 'What about Initech?',
    standalone: 'Does Initech hold an ISO 27001 certificate?',
  },
  {
    name: 'a multi-word entity',
    history: ['Has Globex been fined by a data protection authority?'],
    question: 'how about Umbrella Networks?',
    standalone: 'Has Umbrella Networks been fined by a data protection authority?',
  },
  {
    name: 'a new place replacing the earlier place',
    history: ['Is Globex software banned in the US?'],
    question: 'what about in Germany?',
    standalone: 'Is Globex software banned in Germany?',
  },
  {
    name: 'a new place with an article',
    history: ['Can Initech store customer data in the EU?'],
    question: 'And what about in the UK?',
    standalone: 'Can Initech store customer data in the UK?',
  },
  {
    name: 'a place added when the earlier question had none',
    history: ['Is Acme Cloud allowed to process health data?'],
    question: 'what about in France?',
    standalone: 'Is Acme Cloud allowed to process health data in France?',
  },
  {
    name: 'a bare place name replacing the earlier place',
    history: ['Are Umbrella routers restricted in Canada?'],
    question: 'what about Japan?',
    standalone: 'Are Umbrella routers restricted in Japan?',
  },
  {
    name: 'a known entity replacing the subject even when a place is present',
    history: ['Is Globex software banned in the US?'],
    question: 'what about Initech?',
    standalone: 'Is Initech software banned in the US?',
  },
  {
    name: '"why did they do it?" as the earlier question asked why',
    history: ['Did the regulator in Ruritania block Globex?'],
    question: 'why did they do it?',
    standalone: 'Why did the regulator in Ruritania block Globex?',
  },
  {
    name: '"when did that happen?"',
    history: ['Did Initech lose its security certification?'],
    question: 'When did that happen?',
    standalone: 'When did Initech lose its security certification?',
  },
  {
    name: '"how?" alone',
    history: ['Can the ministry compel Acme Cloud to disclose data?'],
    question: 'how?',
    standalone: 'How can the ministry compel Acme Cloud to disclose data?',
  },
  {
    name: 'a pronoun taking the earlier subject',
    history: ['Is Acme Cloud a security risk to Western companies?'],
    question: 'Does it hold ISO 27001?',
    standalone: 'Does Acme Cloud hold ISO 27001?',
  },
  {
    name: 'a possessive pronoun',
    history: ['Is Acme Cloud a security risk to Western companies?'],
    question: 'Where are its data centres?',
    standalone: "Where are Acme Cloud's data centres?",
  },
  {
    name: '"the vendor" as a pronoun',
    history: ['What laws apply to Globex?'],
    question: 'Has the vendor published a transparency report?',
    standalone: 'Has Globex published a transparency report?',
  },
  {
    name: 'a chain of follow-ups',
    history: ['Is Acme Cloud a security risk to Western companies?', 'What about Globex?'],
    question: 'And does it have certifications?',
    standalone: 'Does Globex have certifications?',
  },
  {
    name: 'a chain of place substitutions',
    history: ['Is Initech software banned in the US?', 'what about in Germany?'],
    question: 'and in Italy?',
    standalone: 'Is Initech software banned in Italy?',
  },
  {
    name: 'a question that names its own subject',
    history: ['Is Acme Cloud a security risk to Western companies?'],
    question: 'Is Globex banned in the US?',
    standalone: 'Is Globex banned in the US?',
  },
  {
    name: 'a first question',
    history: [],
    question: 'Does the privacy law allow transfers abroad?',
    standalone: 'Does the privacy law allow transfers abroad?',
  },
  {
    name: '"same for"',
    history: ['Does Globex encrypt data at rest?'],
    question: 'same for Initech?',
    standalone: 'Does Initech encrypt data at rest?',
  },
  {
    name: 'a full question after a lead-in',
    history: ['Is Acme Cloud a security risk to Western companies?'],
    question: 'and what does the cybersecurity law say about logs?',
    standalone: 'What does the cybersecurity law say about logs?',
  },
];

describe('rewriteFollowUp', () => {
  it.each(cases)('$name', ({ history, question, standalone }) => {
    expect(rewriteFollowUp(question, conversation(...history), { entityNames })).toBe(standalone);
  });

  it('never appends the earlier question', () => {
    for (const { history, question } of cases) {
      const previous = history.at(-1);
      if (!previous) continue;
      const result = rewriteFollowUp(question, conversation(...history), { entityNames });
      expect(result.includes(`(${previous.replace(/\?$/, '')})`)).toBe(false);
      expect(result.split('?').length).toBeLessThanOrEqual(2);
    }
  });
});
