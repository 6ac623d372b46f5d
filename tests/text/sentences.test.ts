import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/text/sentences.js';

const texts = (input: string, language?: string) => splitSentences(input, language).map((sentence) => sentence.text);

describe('splitSentences', () => {
  it('splits ordinary sentences with spans relative to the input', () => {
    const input = '  First sentence here. Second one!  Third?';
    const sentences = splitSentences(input);
    expect(sentences.map((sentence) => sentence.text)).toEqual(['First sentence here.', 'Second one!', 'Third?']);
    for (const sentence of sentences) expect(input.slice(sentence.start, sentence.end)).toBe(sentence.text);
  });

  it('does not break after legal abbreviations', () => {
    expect(texts('See Art. 38 PIPL for details. Then stop.')).toEqual(['See Art. 38 PIPL for details.', 'Then stop.']);
    expect(texts('The U.S. Government may ask. It did.')).toEqual(['The U.S. Government may ask.', 'It did.']);
    expect(texts('Directive No. 17-01 applies. Next.')).toEqual(['Directive No. 17-01 applies.', 'Next.']);
    expect(texts('Some vendors, e.g. Alibaba Cloud, do this. Others not.')).toEqual([
      'Some vendors, e.g. Alibaba Cloud, do this.',
      'Others not.',
    ]);
    expect(texts('Under 18 U.S.C. § 2713 a provider must disclose. Done.')).toEqual([
      'Under 18 U.S.C. § 2713 a provider must disclose.',
      'Done.',
    ]);
  });

  it('keeps a numbered list item with its text', () => {
    expect(texts('1. The handler must inform the individual.\n2. The handler must obtain consent.')).toEqual([
      '1. The handler must inform the individual.',
      '2. The handler must obtain consent.',
    ]);
  });

  it('joins hard-wrapped lines but not paragraphs', () => {
    const input = 'This sentence is wrapped\nacross two lines. Another one.\n\nNew paragraph';
    expect(texts(input)).toEqual(['This sentence is wrapped\nacross two lines.', 'Another one.', 'New paragraph']);
  });

  it('splits Chinese at 。！？', () => {
    const input = '任何组织和公民都应当依法支持、协助和配合国家情报工作。国家对其给予保护！是否适用？';
    const sentences = splitSentences(input, 'zh');
    expect(sentences.map((sentence) => sentence.text)).toEqual([
      '任何组织和公民都应当依法支持、协助和配合国家情报工作。',
      '国家对其给予保护！',
      '是否适用？',
    ]);
    for (const sentence of sentences) expect(input.slice(sentence.start, sentence.end)).toBe(sentence.text);
  });

  it('returns nothing for blank text and tolerates an unknown language tag', () => {
    expect(splitSentences('   \n ')).toEqual([]);
    expect(texts('One. Two.', 'not a language!')).toEqual(['One.', 'Two.']);
  });
});
