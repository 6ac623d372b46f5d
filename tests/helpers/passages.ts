/**
 * A passage for tests that need one without a corpus: every field the type requires, filled with neutral values
 * (a law in force, in English, spanning its whole text); `fields` wins over each.
 */
import type { Passage } from '../../src/corpus/types.js';

export function testPassage(id: string, fields: Partial<Passage> & Pick<Passage, 'text'>): Passage {
  return {
    id,
    documentId: id.split('#')[0]!,
    heading: id,
    start: 0,
    end: fields.text.length,
    contentHash: id,
    title: id,
    publisher: 'Publisher',
    url: `https://example.org/${id}`,
    jurisdiction: 'EU',
    type: 'law',
    published: '2020-01-01',
    asOf: '2025-12-01',
    vendors: [],
    language: 'en',
    status: 'in_force',
    ...fields,
  };
}
