import { describe, expect, it } from 'vitest';
import { parseAskArguments } from '../../src/cli/ask.js';
import { filtersFromFlags } from '../../src/cli/filter-flags.js';

describe('retrieval filter flags of ask and search', () => {
  it('reads comma-separated lists and the date range into search filters', () => {
    expect(
      filtersFromFlags({
        jurisdiction: 'PRC, EU',
        type: 'law,news',
        vendor: 'Aliyun',
        from: '2020-01-01',
        to: '2024-12-31',
      }),
    ).toEqual({
      jurisdiction: ['PRC', 'EU'],
      type: ['law', 'news'],
      vendor: ['Aliyun'],
      publishedFrom: '2020-01-01',
      publishedTo: '2024-12-31',
    });
  });

  it('leaves unset flags unset', () => {
    expect(filtersFromFlags({})).toEqual({
      jurisdiction: undefined,
      type: undefined,
      vendor: undefined,
      publishedFrom: undefined,
      publishedTo: undefined,
    });
  });

  it('refuses an unknown document type and a malformed date, naming the flag', () => {
    expect(() => filtersFromFlags({ type: 'law,novel' })).toThrow(/--type novel is not one of/);
    expect(() => filtersFromFlags({ from: 'May' })).toThrow('--from must be a date YYYY-MM-DD');
    expect(() => filtersFromFlags({ to: '2024-1-1' })).toThrow('--to must be a date YYYY-MM-DD');
  });

  it('checks the filters of ask before any index is opened', () => {
    expect(() => parseAskArguments(['Is Alibaba Cloud a risk?', '--from', 'May'])).toThrow('--from must be a date');
    expect(parseAskArguments(['Is Alibaba Cloud a risk?', '--vendor', 'Aliyun,Tencent'])).toMatchObject({
      question: 'Is Alibaba Cloud a risk?',
      options: { surface: 'cli', filters: { vendor: ['Aliyun', 'Tencent'] } },
    });
  });
});
