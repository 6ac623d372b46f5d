/**
 * A question in one language answered from passages in the other: an English question on the Chinese text of a law
 * it names, through the names the field vocabulary gives in both languages and the article numbers both numberings
 * share. The law (Ruritania's data act) and its text are invented for these tests.
 */
import { describe, expect, it } from 'vitest';
import { crossLanguageCoverage, assessEvidence } from '../../src/answer/evidence.js';
import { parseFieldVocabulary } from '../../src/answer/field-vocabulary.js';
import { toPromptPassages } from '../../src/answer/prompt.js';
import { readQuestionFacets } from '../../src/answer/question-facets.js';
import type { Passage } from '../../src/corpus/types.js';
import { composeAnswer } from '../../src/models/local/extractive-model.js';
import { mostlyHan } from '../../src/text/cjk.js';

function passage(id: string, text: string, overrides: Partial<Passage> = {}): Passage {
  return {
    id,
    documentId: id.split('#')[0]!,
    heading: overrides.heading ?? id,
    text,
    start: 0,
    end: text.length,
    contentHash: id,
    title: overrides.title ?? '鲁里塔尼亚数据法',
    publisher: 'Publisher',
    url: 'https://example.org',
    jurisdiction: 'RU',
    type: 'law',
    published: '2020-01-01',
    asOf: '2025-12-01',
    vendors: [],
    language: 'zh',
    status: 'in_force',
    ...overrides,
  };
}

const vocabulary = parseFieldVocabulary(`
scope:
  terms: [data, law, storage, provider]
names:
  - [Ruritanian Data Act, 鲁里塔尼亚数据法, RDA]
`);

const article9 = passage(
  'rda-zh#art-9',
  '第九条 数据服务提供者应当将在鲁里塔尼亚境内收集的数据存储在境内，确需向境外提供的，应当通过主管部门的评估。',
  { heading: '第九条' },
);
const article12 = passage('rda-zh#art-12', '第十二条 主管部门应当公布评估的程序和期限，并接受社会监督和举报投诉。', {
  heading: '第十二条',
});
const article3 = passage('rda-zh#art-3', '第三条 国家保护数据主体的合法权益，促进数据依法有序自由流动和合理利用。', {
  heading: '第三条',
});
const hits = (...passages: Passage[]) =>
  passages.map((item, index) => ({ passage: item, score: 1 / (index + 1), rank: index + 1 }));

describe('which language a text is in', () => {
  it('tells Chinese text from English text that quotes a Chinese name', () => {
    expect(mostlyHan(article9.text)).toBe(true);
    expect(mostlyHan('What does the 鲁里塔尼亚数据法 say about storage of data abroad?')).toBe(false);
  });
});

describe('evidence across languages', () => {
  const question = 'What does RDA Article 9 require of data providers about storage abroad?';

  it('covers the law the question names and the article it cites, in the other language', () => {
    const passages = [article9, article12, article3];
    expect(crossLanguageCoverage(question, passages, vocabulary)).toEqual({ coverage: 1, bestCoverage: 1 });
    expect(assessEvidence(question, hits(...passages), { vocabulary }).status).toBe('sufficient');
  });

  it('does not cover an article the passages lack', () => {
    const covered = crossLanguageCoverage(question, [article12, article3], vocabulary)!;
    expect(covered.bestCoverage).toBeLessThan(1);
  });

  it('does nothing when the vocabulary bridges nothing or the passages are in the question language', () => {
    expect(crossLanguageCoverage(question, [article9], parseFieldVocabulary(''))).toBeUndefined();
    const english = passage('rda-en#art-9', 'Article 9. A data provider shall store data collected in Ruritania.', {
      language: 'en',
      title: 'Ruritanian Data Act',
    });
    expect(crossLanguageCoverage(question, [english, english, article9], vocabulary)).toBeUndefined();
  });
});

describe('the local model across languages', () => {
  it('quotes the article an English question cites from its Chinese text, and leaves out the others', () => {
    const answer = composeAnswer(
      'What does RDA Article 9 require of data providers about storage abroad?',
      toPromptPassages([article12, article9, article3]),
    );
    expect(answer).toMatch(/^第九条 数据服务提供者/);
    expect(answer).not.toContain('第十二条');
  });

  it('quotes a law shown in both languages in the language of the question', () => {
    const english = passage(
      'rda-en#art-9',
      'Article 9. A data provider shall store data collected in Ruritania within Ruritania and pass an assessment before providing it abroad.',
      { language: 'en', title: 'Ruritanian Data Act', heading: 'Article 9' },
    );
    const answer = composeAnswer(
      'What does RDA Article 9 require of data providers about storage abroad?',
      toPromptPassages([article9, english, article12, article3]),
    );
    expect(answer).toMatch(/^Ruritanian Data Act, Article 9: A data provider shall store data/);
  });

  it('answers from the best-ranked Chinese passages when the question cites no article', () => {
    const answer = composeAnswer(
      'What does the Ruritanian Data Act say?',
      toPromptPassages([article9, article12, article3]),
    );
    expect(answer).toMatch(/^第九条/);
  });
});

describe('question facets', () => {
  it('reads a bracketed citation after a provision as another citation of it', () => {
    const facets = readQuestionFacets('What does section 215 (50 U.S.C. 1861) allow the bureau to collect?');
    expect(facets.provisions).toEqual([{ text: 'section 215', number: '215', alternatives: ['1861'] }]);
  });

  it('does not ask whether something was decided when the question asks why or how it was', () => {
    expect(readQuestionFacets('Why did the tribunal conclude that the merger harmed competition?').asks).not.toContain(
      'outcome',
    );
    expect(readQuestionFacets('What did the tribunal conclude about the merger?').asks).toContain('outcome');
  });
});
