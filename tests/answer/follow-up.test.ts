/** Follow-up questions become standalone questions without any model call. */
import { describe, expect, it } from 'vitest';
import { rewriteFollowUp } from '../../src/answer/follow-up.js';

const history = [
  { role: 'user' as const, content: 'Is Alibaba Cloud a security risk to Western companies?' },
  { role: 'assistant' as const, content: 'Alibaba Cloud is subject to the National Intelligence Law [1].' },
];

describe('rewriteFollowUp', () => {
  it('leaves a first question alone', () => {
    expect(rewriteFollowUp('Does PIPL Art. 38 allow transfers?', [])).toBe('Does PIPL Art. 38 allow transfers?');
  });

  it('asks the earlier question about a new subject', () => {
    expect(rewriteFollowUp('What about Tencent Cloud?', history)).toBe(
      'Is Tencent Cloud a security risk to Western companies?',
    );
  });

  it('resolves pronouns to the earlier subject', () => {
    expect(rewriteFollowUp('Does it hold ISO 27001?', history)).toBe('Does Alibaba Cloud hold ISO 27001?');
    expect(rewriteFollowUp('Where are its data centres?', history)).toBe("Where are Alibaba Cloud's data centres?");
  });

  it('chains follow-ups', () => {
    const longer = [...history, { role: 'user' as const, content: 'What about Huawei?' }];
    expect(rewriteFollowUp('And does it have certifications?', longer)).toBe('And does Huawei have certifications?');
  });

  it('keeps a question that names its own subject', () => {
    expect(rewriteFollowUp('Is Kaspersky banned in the US?', history)).toBe('Is Kaspersky banned in the US?');
  });
});
