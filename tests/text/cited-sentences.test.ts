/**
 * Sentences as answers cite them: a marker belongs to the sentence before it, and an abbreviation does not end a
 * sentence, so the sentence a quote is cut from and the answer's sentence that cites it line up.
 */
import { describe, expect, it } from 'vitest';
import { expandMarker, stripMarkers } from '../../src/text/citation-markers.js';
import { splitCitedSentences } from '../../src/text/cited-sentences.js';
import { formatDate } from '../../src/text/dates.js';

describe('cited sentences', () => {
  it('keeps a marker with its sentence, before or after the full stop', () => {
    const text =
      'Art. 7 requires cooperation [1]. It applies to all organisations. [2][3] The U.S. view differs [4–5].';
    expect(splitCitedSentences(text).map((sentence) => sentence.text)).toEqual([
      'Art. 7 requires cooperation [1].',
      'It applies to all organisations. [2][3]',
      'The U.S. view differs [4–5].',
    ]);
  });

  it('does not end a sentence inside a US public-law citation', () => {
    expect(
      splitCitedSentences('The Act is division I of Pub. L. 118-50, signed in April. It applies from June.').map(
        (sentence) => sentence.text,
      ),
    ).toEqual(['The Act is division I of Pub. L. 118-50, signed in April.', 'It applies from June.']);
  });

  it('gives offsets into the text, and ends a sentence at a blank line', () => {
    const text = '  First line without a stop\n\nSecond sentence.';
    for (const sentence of splitCitedSentences(text)) {
      expect(text.slice(sentence.start, sentence.end)).toBe(sentence.text);
    }
    expect(splitCitedSentences(text).map((sentence) => sentence.text)).toEqual([
      'First line without a stop',
      'Second sentence.',
    ]);
  });
});

describe('citation markers', () => {
  it('expands lists and short ranges, and keeps only the ends of a huge range', () => {
    expect(expandMarker('2, 5')).toEqual([2, 5]);
    expect(expandMarker('2–4')).toEqual([2, 3, 4]);
    expect(expandMarker('1-500')).toEqual([1, 500]);
  });

  it('strips markers and the space before them', () => {
    expect(stripMarkers('Article 7 applies [1][2, 3]. It binds all [4–6] .')).toBe('Article 7 applies. It binds all.');
  });
});

describe('dates', () => {
  it('writes an ISO date as prose, and nothing for anything else', () => {
    expect(formatDate('2025-11-14')).toBe('14 November 2025');
    expect(formatDate('2025-13-01')).toBe('');
    expect(formatDate('November 2025')).toBe('');
  });
});
