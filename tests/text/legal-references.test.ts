/**
 * Provisions cited in secondary sources, read so that the engine can fetch the law's own text: each citation
 * belongs to the nearest instrument named before it in the same sentence.
 */
import { describe, expect, it } from 'vitest';
import { findLegalReferences } from '../../src/text/legal-citations.js';

const cited = (text: string) =>
  findLegalReferences(text).map(
    (reference) => `${reference.instrument} | ${reference.provision} | ${reference.anchor}`,
  );

describe('legal references in a passage', () => {
  it('gives each article the instrument named before it, through lists and asides', () => {
    expect(
      cited(
        'The National Intelligence Law (2017, amended 2018) Art. 7 requires all organisations and citizens to support State intelligence work, and Art. 14 lets intelligence agencies require that support. The Counter-Espionage Law (2023 revision) Art. 41 requires technical support, and Arts. 25 and 26 allow inspection of devices.',
      ),
    ).toEqual([
      'National Intelligence Law | Article 7 | art-7',
      'National Intelligence Law | Article 14 | art-14',
      'Counter-Espionage Law | Article 41 | art-41',
      'Counter-Espionage Law | Article 25 | art-25',
      'Counter-Espionage Law | Article 26 | art-26',
    ]);
  });

  it('reads abbreviations and US Code sections, and drops leading words and paragraph numbers', () => {
    expect(
      cited(
        'First, the Data Security Law Art. 36 and PIPL Art. 41 forbid it; it does not limit the duties in NIL Art. 7. Under 18 U.S.C. 2713, a provider must disclose data. GDPR Art. 46(1) applies.',
      ),
    ).toEqual([
      'Data Security Law | Article 36 | art-36',
      'PIPL | Article 41 | art-41',
      'NIL | Article 7 | art-7',
      '18 U.S.C. | Section 2713 | sec-2713',
      'GDPR | Article 46 | art-46',
    ]);
  });

  it('leaves out a bare article number that names no instrument', () => {
    expect(cited('Article 7 is the core cooperation clause. See also the US position on Art. 3.')).toEqual([]);
  });
});
