import { describe, expect, it } from 'vitest';
import { historyBefore, type Conversation } from '../../src/widget/conversation.js';
import { locateQuote } from '../../src/widget/quote.js';

describe('locating a cited quote in its passage', () => {
  const passage = { text: 'Article 7. Any organisation shall support state intelligence work.', start: 1000 };

  it('uses the document offsets: the quote starts at citation.start - passage.start', () => {
    const quote = 'Any organisation shall support state intelligence work.';
    expect(locateQuote(passage, { quote, start: 1011, end: 1011 + quote.length })).toEqual({ start: 11, end: 66 });
  });

  it('falls back to finding the quote text when offsets disagree', () => {
    expect(locateQuote(passage, { quote: 'Article 7.', start: 5, end: 15 })).toEqual({ start: 0, end: 10 });
  });

  it('gives up when neither offsets nor text match', () => {
    expect(locateQuote(passage, { quote: 'elsewhere', start: 5000, end: 5009 })).toBeUndefined();
  });
});

describe('conversation history sent with a follow-up', () => {
  it('includes answered turns and the current question, and skips failed ones', () => {
    const conversation: Conversation = {
      id: 'c',
      messages: [
        { role: 'user', id: 'u1', text: 'First?' },
        { role: 'assistant', id: 'a1', question: 'First?', text: 'Answer one.', state: 'done' },
        { role: 'user', id: 'u2', text: 'Failed?' },
        { role: 'assistant', id: 'a2', question: 'Failed?', text: '', state: 'error' },
        { role: 'user', id: 'u3', text: 'Follow-up?' },
        { role: 'assistant', id: 'a3', question: 'Follow-up?', text: '', state: 'streaming' },
      ],
    };
    expect(historyBefore(conversation, 'a3')).toEqual([
      { role: 'user', text: 'First?' },
      { role: 'assistant', text: 'Answer one.' },
      { role: 'user', text: 'Follow-up?' },
    ]);
  });
});
