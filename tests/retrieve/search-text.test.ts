import { describe, expect, it } from 'vitest';
import { fulltextQueryText, passageSearchText, splitCjk } from '../../src/index/search-text.js';

describe('search text for the full-text index', () => {
  it('splits runs of Chinese characters into overlapping bigrams and leaves other text alone', () => {
    expect(splitCjk('数据出境').trim()).toBe('数据 据出 出境');
    expect(splitCjk('PIPL 第三十八条 applies').replace(/\s+/g, ' ')).toBe('PIPL 第三 三十 十八 八条 applies');
    expect(splitCjk('阿里云Cloud').replace(/\s+/g, ' ').trim()).toBe('阿里 里云 Cloud');
    expect(splitCjk('云').trim()).toBe('云');
    expect(splitCjk('no cjk here')).toBe('no cjk here');
  });

  it('indexes the heading path and title with the passage text', () => {
    const text = passageSearchText({
      title: 'Data Security Law',
      heading: '数据安全法 › 第三十一条',
      text: '重要数据的出境',
    });
    expect(text).toContain('Data Security Law');
    expect(text).toContain('出境');
    expect(text).toContain('三十');
    const plain = passageSearchText({ title: 'GDPR', heading: 'GDPR › Article 28', text: 'Processor duties.' });
    expect(plain.startsWith('GDPR › Article 28')).toBe(true);
  });

  it('turns a user query into plain terms: no phrase quotes or query syntax, CJK split like the index', () => {
    expect(fulltextQueryText('"cross-border" transfer (PIPL)?')).toBe('cross border transfer PIPL');
    expect(fulltextQueryText('个人信息出境')).toBe('个人 人信 信息 息出 出境');
    expect(fulltextQueryText('  "" ')).toBe('');
  });
});
