import { describe, expect, it } from 'vitest';
import { createFilterPredicate, filtersToWhere, type FilterableFields } from '../../src/index/filters.js';
import type { SearchFilters } from '../../src/retrieve/types.js';

const documents: FilterableFields[] = [
  { documentId: 'pipl-2021', jurisdiction: 'PRC', type: 'law', vendors: [], published: '2021-08-20' },
  { documentId: 'gdpr-2016', jurisdiction: 'EU', type: 'regulation', vendors: [], published: '2016-04-27' },
  { documentId: 'news-1', jurisdiction: 'US', type: 'news', vendors: ['kaspersky'], published: '2024-06-20' },
  { documentId: 'vendor-1', jurisdiction: 'PRC', type: 'vendor', vendors: ['alibaba-cloud', 'qwen'], published: '' },
];

const matching = (filters: SearchFilters) => {
  const predicate = createFilterPredicate(filters);
  return documents.filter((fields) => !predicate || predicate(fields)).map((fields) => fields.documentId);
};

describe('search filters', () => {
  it('builds one SQL predicate with every filter, values quoted', () => {
    expect(
      filtersToWhere({
        jurisdiction: ['PRC', 'EU'],
        type: ['law'],
        vendor: ["o'brien"],
        publishedFrom: '2020-01-01',
        publishedTo: '2024-12-31',
      }),
    ).toBe(
      "(jurisdiction IN ('PRC', 'EU')) AND (type IN ('law')) AND (array_has_any(vendors, make_array('o''brien')))" +
        " AND (published >= '2020-01-01') AND (published <> '' AND published <= '2024-12-31')",
    );
    expect(filtersToWhere({})).toBeUndefined();
    expect(filtersToWhere({ jurisdiction: [' '] })).toBeUndefined();
    expect(filtersToWhere(undefined)).toBeUndefined();
  });

  it('rejects dates that are not YYYY-MM-DD', () => {
    expect(() => filtersToWhere({ publishedFrom: '2020' })).toThrow(/YYYY-MM-DD/);
    expect(() => createFilterPredicate({ publishedTo: 'yesterday' })).toThrow(/YYYY-MM-DD/);
  });

  it('evaluates the same filters in memory', () => {
    expect(matching({ jurisdiction: ['PRC'] })).toEqual(['pipl-2021', 'vendor-1']);
    expect(matching({ type: ['news', 'regulation'] })).toEqual(['gdpr-2016', 'news-1']);
    expect(matching({ vendor: ['alibaba-cloud'] })).toEqual(['vendor-1']);
    expect(matching({ publishedFrom: '2020-01-01' })).toEqual(['pipl-2021', 'news-1']);
    expect(matching({ publishedTo: '2022-01-01' })).toEqual(['pipl-2021', 'gdpr-2016']);
    expect(matching({ documentId: ['gdpr-2016'] })).toEqual(['gdpr-2016']);
    expect(matching({ jurisdiction: ['PRC'], publishedFrom: '2021-01-01' })).toEqual(['pipl-2021']);
    expect(createFilterPredicate({})).toBeUndefined();
  });
});
