import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  goldenCategories,
  loadGoldenSet,
  parseGoldenSet,
  stratifiedSample,
  toSearchFilters,
} from '../../evals/datasets/golden.js';

const line = (fields: Record<string, unknown>) =>
  JSON.stringify({
    id: 'x-001',
    question: 'q?',
    category: 'answerable',
    expected_status: 'answered',
    expected_passages: ['a#b'],
    key_facts: ['k'],
    ...fields,
  });

describe('golden set', () => {
  it('the shipped golden set parses, with every category present', async () => {
    const questions = await loadGoldenSet(path.resolve('evals/golden.jsonl'));
    expect(questions.length).toBeGreaterThanOrEqual(100);
    expect(new Set(questions.map((question) => question.category))).toEqual(new Set(goldenCategories));
  });

  it('reports every bad line at once, with its number', () => {
    const text = [line({}), 'not json', line({ id: 'x-002', category: 'nonsense' }), line({})].join('\n');
    expect(() => parseGoldenSet(text)).toThrow(
      /3 bad line\(s\)[\s\S]*line 2: not JSON[\s\S]*line 3: category[\s\S]*line 4: duplicate id x-001/,
    );
  });

  it('turns single filter values into the lists retrieval takes', () => {
    const [question] = parseGoldenSet(line({ filters: { vendor: 'alibaba-cloud' } }));
    expect(toSearchFilters(question!.filters)).toEqual({ vendor: ['alibaba-cloud'] });
    expect(toSearchFilters({})).toBeUndefined();
  });

  it('a stratified sample is stable, the requested size, and covers every category', () => {
    const items = [
      ...Array.from({ length: 60 }, (_, index) => ({ id: `a-${index}`, category: 'answerable' })),
      ...Array.from({ length: 20 }, (_, index) => ({ id: `m-${index}`, category: 'multi_hop' })),
      ...Array.from({ length: 5 }, (_, index) => ({ id: `o-${index}`, category: 'off_topic' })),
    ];
    const sample = stratifiedSample(items, 17);
    expect(sample).toHaveLength(17);
    expect(stratifiedSample(items, 17)).toEqual(sample);
    const counts = Object.fromEntries(
      ['answerable', 'multi_hop', 'off_topic'].map((category) => [
        category,
        sample.filter((item) => item.category === category).length,
      ]),
    );
    expect(counts.off_topic).toBeGreaterThanOrEqual(3);
    expect(counts.multi_hop).toBeGreaterThanOrEqual(3);
    expect(counts.answerable).toBeGreaterThan(counts.multi_hop!);
    expect(stratifiedSample(items, 17, { seed: 'other' })).not.toEqual(sample);
    expect(stratifiedSample(items, 500)).toHaveLength(85);
  });
});
