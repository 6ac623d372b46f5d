import { describe, expect, it } from 'vitest';
import { countWords } from '../../src/text/words.js';

describe('countWords', () => {
  it('counts words in alphabetic text, keeping numbers and hyphenated words whole', () => {
    expect(countWords('Article 38 sets four cross-border conditions.')).toBe(6);
    expect(countWords('  ')).toBe(0);
    expect(countWords('§ — *')).toBe(0);
  });

  it('counts Chinese at about one word per 1.5 characters', () => {
    expect(countWords('国家情报工作')).toBe(4);
    // Three Latin words plus four Han characters (about three words).
    expect(countWords('阿里云 (Aliyun) 是 Alibaba Cloud')).toBe(3 + 3);
  });
});
