/**
 * Dates with their meaning in front matter: each date field is validated, `amended` and `applies_from` take one date
 * or a list, a placeholder flag must name a date the front matter gives, and the dates reach every passage.
 */
import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../../src/corpus/chunk.js';
import { validateFrontMatter, validatePartialFrontMatter } from '../../src/corpus/front-matter.js';
import type { CorpusDocument } from '../../src/corpus/types.js';

const base = {
  id: 'csl-2016',
  title: 'Cybersecurity Law',
  publisher: 'NPC Standing Committee',
  url: 'https://flk.npc.gov.cn/',
  jurisdiction: 'PRC',
  type: 'law',
  published: '2016-11-07',
  as_of: '2025-12-01',
  language: 'en',
};

describe('front-matter dates', () => {
  it('reads each date with its meaning, one amendment date as a list', () => {
    const result = validateFrontMatter({
      ...base,
      adopted: new Date('2016-11-07T00:00:00Z'),
      in_force: '2017-06-01',
      amended: '2025-10-28',
      applies_from: ['2017-06-01'],
      superseded_by: 'csl-2025-amendment',
    });
    expect(result.ok && result.value.dates).toEqual({
      adopted: '2016-11-07',
      inForce: '2017-06-01',
      amended: ['2025-10-28'],
      appliesFrom: ['2017-06-01'],
      supersededBy: 'csl-2025-amendment',
    });
  });

  it('keeps documents that give only published working, with no other dates', () => {
    const result = validateFrontMatter(base);
    expect(result.ok && result.value).toMatchObject({ published: '2016-11-07', dates: {} });
    const partial = validatePartialFrontMatter({}, { id: 'notes', title: 'Notes', language: 'en' });
    expect(partial.ok && partial.value.dates).toEqual({});
  });

  it('names every bad date field', () => {
    const result = validateFrontMatter({ ...base, in_force: '2017-02-30', amended: ['2018-04-27', 'soon'] });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toContain('in_force must be a real date');
      expect(result.error).toContain('amended.1 must be a real date');
    }
  });

  it('accepts a placeholder flag only for a date the front matter gives', () => {
    const flagged = validateFrontMatter({ ...base, unconfirmed_dates: ['published'] });
    expect(flagged.ok && flagged.value.dates.unconfirmed).toEqual(['published']);
    const absent = validateFrontMatter({ ...base, unconfirmed_dates: ['in_force'] });
    expect(absent).toEqual({
      ok: false,
      error: 'invalid front matter: unconfirmed_dates names in_force, which the front matter does not give',
    });
    expect(validateFrontMatter({ ...base, unconfirmed_dates: ['someday'] }).ok).toBe(false);
  });

  it('carries the dates on every passage', () => {
    const metadata = validateFrontMatter({ ...base, in_force: '2017-06-01' });
    if (!metadata.ok) throw new Error(metadata.error);
    const text = 'Article 37 requires local storage of personal information.';
    const document: CorpusDocument = {
      metadata: metadata.value,
      text,
      sections: [{ anchor: 'art-37', headings: ['Article 37'], start: 0, end: text.length }],
      format: 'markdown',
      sourcePath: 'csl-2016.md',
      contentHash: 'x',
    };
    expect(chunkDocument(document)[0]).toMatchObject({ asOf: '2025-12-01', dates: { inForce: '2017-06-01' } });
  });
});
