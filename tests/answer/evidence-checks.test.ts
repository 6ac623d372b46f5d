/**
 * Evidence checks that are general mechanisms, each shown on invented material (Ruritania's data act, Globex):
 * a question in one language answered from passages in the other, through the names the field vocabulary gives in
 * both languages and the article numbers both numberings share; a provision cited two ways; a questionnaire's own
 * numbering; why/how questions; named certificate schemes; a question that asks which provision; a figure asked of
 * named things.
 */
import { describe, expect, it } from 'vitest';
import { crossLanguageCoverage, assessEvidence } from '../../src/answer/evidence.js';
import { parseFieldVocabulary } from '../../src/answer/field-vocabulary.js';
import { toPromptPassages } from '../../src/answer/prompt.js';
import { buildCorpusStatistics } from '../../src/answer/corpus-statistics.js';
import { findCoverageGap } from '../../src/answer/fact-coverage.js';
import { readQuestionFacets } from '../../src/answer/question-facets.js';
import type { Passage } from '../../src/corpus/types.js';
import { composeAnswer } from '../../src/models/local/extractive-model.js';
import { mostlyHan } from '../../src/text/cjk.js';
import { testPassage } from '../helpers/passages.js';

function passage(id: string, text: string, overrides: Partial<Passage> = {}): Passage {
  return testPassage(id, {
    text,
    title: '鲁里塔尼亚数据法',
    url: 'https://example.org',
    jurisdiction: 'RU',
    language: 'zh',
    ...overrides,
  });
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

  it('reads the numbering a questionnaire row opens with as its own, not as a provision', () => {
    expect(readQuestionFacets('Section 4.2 (Backups): how long does the vendor keep backups?').provisions).toEqual([]);
    expect(readQuestionFacets('Section 4 of the act: how long are backups kept?').provisions).toHaveLength(1);
  });

  it('does not ask whether something was decided when the question asks why or how it was', () => {
    expect(readQuestionFacets('Why did the tribunal conclude that the merger harmed competition?').asks).not.toContain(
      'outcome',
    );
    expect(readQuestionFacets('What did the tribunal conclude about the merger?').asks).toContain('outcome');
  });
});

describe('named certificate schemes', () => {
  const profile = passage(
    'vendor-globex#certifications',
    'Globex holds an ISO 27001 certificate for its hosting platform. Globex publishes a SOC 2 Type II report each year.',
    { type: 'vendor', title: 'Vendor profile: Globex', language: 'en', heading: 'Certifications' },
  );
  const guide = passage(
    'assurance-guide#reports',
    'A SOC 3 report is a short public summary without test results. A SOC 2 report describes the system and the tests of its controls.',
    { type: 'guidance', title: 'Assurance reports', language: 'en', heading: 'Reports' },
  );
  const { certificationSchemes } = parseFieldVocabulary('certifications: [SOC 1, SOC 2, SOC 3]');
  const gap = (question: string, passages: Passage[]) =>
    findCoverageGap(question, readQuestionFacets(question, certificationSchemes), passages, { domainTerms: new Set() });

  it('are the field vocabulary’s schemes by name and any standard by its number', () => {
    const question = 'Does Globex hold ISO/IEC 27701, SOC 2 and TISAX?';
    expect(readQuestionFacets(question, certificationSchemes).certificateSchemes).toEqual([
      ['iso', 'iec', '27701'],
      ['soc', '2'],
    ]);
    expect(readQuestionFacets(question).certificateSchemes).toEqual([['iso', 'iec', '27701']]);
  });

  it('finds each scheme a question names asserted, each in a sentence of its own', () => {
    expect(gap('Does Globex hold ISO 27001 and SOC 2?', [profile])).toBeUndefined();
    expect(gap('Does Globex hold ISO 27001 and SOC 1?', [profile])?.check).toBe('certification');
  });

  it('links the schemes to a subject only when the question asks whether it holds them', () => {
    const question = 'A Hosting vendor pointed us to a SOC 3 summary instead of a SOC 2 report. Is that enough?';
    expect(gap(question, [guide])).toBeUndefined();
    expect(gap('Does Initech hold SOC 3 and SOC 2?', [guide])?.check).toBe('certification');
  });
});

describe('a question that asks which provision', () => {
  const article = passage(
    'rda-en#art-9',
    'Article 9 requires every hosting provider to give the ministry access to stored data on request.',
    { type: 'law', title: 'Ruritanian Data Act', heading: 'Article 9', language: 'en' },
  );
  const profile = passage(
    'vendor-globex#laws',
    'Globex is a hosting provider in Freedonia. Freedonian police can demand data from Globex under national law.',
    { type: 'vendor', title: 'Vendor profile: Globex', heading: 'Laws', language: 'en' },
  );
  const gap = (question: string, passages: Passage[]) =>
    findCoverageGap(question, readQuestionFacets(question), passages, { domainTerms: new Set() });

  it('is answered by a provision cited in a passage about what it asks', () => {
    expect(readQuestionFacets('Which article of the Ruritanian Data Act gives the ministry access?').asks).toContain(
      'provision',
    );
    expect(gap('Which article of the Ruritanian Data Act gives the ministry access?', [article])).toBeUndefined();
  });

  it('is not answered by passages that cite no provision of it', () => {
    expect(
      gap('Cite the specific section of Freedonian law that lets police demand data from Globex.', [profile, article])
        ?.check,
    ).toBe('provision-asked');
  });
});

describe('names in the scene a question sets before it asks', () => {
  const guide = passage(
    'assurance-guide#reports',
    'A SOC 3 report is a short public summary without test results. A SOC 2 report describes the system and the tests of its controls.',
    { type: 'guidance', title: 'Assurance reports', language: 'en', heading: 'Reports' },
  );
  const gap = (question: string) =>
    findCoverageGap(question, readQuestionFacets(question), [guide], { domainTerms: new Set() });

  it('do not decide that the corpus lacks what is asked', () => {
    expect(
      gap('The port operator sent a SOC 3 summary under an MNDA instead of its SOC 2 report. Is that enough?'),
    ).toBeUndefined();
  });

  it('still decide when the asking sentence names them', () => {
    expect(gap('We compared reports. Does an MNDA cover a SOC 3 report?')?.check).toBe('named');
    expect(gap('Does an MNDA cover a SOC 3 report?')?.check).toBe('named');
  });
});

describe("a request to check a vendor's claim against the sources", () => {
  const profile = passage(
    'vendor-globex#certifications',
    'The corpus has no confirmed list of Globex certifications. Its SOC 2 status has not been confirmed. Its data is stored in Freedonia.',
    { type: 'vendor', title: 'Vendor profile: Globex', heading: 'Certifications', language: 'en' },
  );
  const { certificationSchemes } = parseFieldVocabulary('certifications: [SOC 2]');
  const gap = (question: string) =>
    findCoverageGap(question, readQuestionFacets(question, certificationSchemes), [profile], {
      domainTerms: new Set(),
    });

  it('is answered from what the corpus says of the claim, even where that contradicts it', () => {
    const question = "Could you verify this supplier's claim: 'Globex holds SOC 2 and stores all data in Freedonia.'";
    expect(readQuestionFacets(question).asks).toContain('claim-check');
    expect(gap(question)).toBeUndefined();
    expect(gap('Does Globex hold SOC 2 and store all data in Freedonia?')?.check).toBe('certification');
  });

  it('still needs the corpus to name what the claim is about', () => {
    expect(gap("Please verify this supplier's claim that Initech keeps its servers at home.")?.check).toBe('named');
  });
});

describe('a figure asked of named things', () => {
  const programme = passage(
    'news-globex-programmes#freedonia',
    'In 2023 Globex announced Project Lighthouse, with about EUR 2 billion of planned spending on data centres in Freedonia. Since then Globex also runs Project Beacon, which keeps Ruritanian user data with a local partner.',
    { type: 'news', title: 'Globex data programmes', heading: 'Freedonia', language: 'en' },
  );
  const directive = passage(
    'harbour-directive#art-34',
    'Member States shall ensure that essential harbour operators can be fined up to at least EUR 10 million.',
    {
      type: 'law',
      title: 'Harbour Safety Directive',
      heading: 'Article 34: Fines',
      language: 'en',
      jurisdiction: 'EU',
    },
  );
  const act = passage(
    'ruritania-harbour-act#enforcement',
    'The regulator may impose penalties of up to 10 percent of relevant turnover. Operators of public harbour networks in RU must also file removal plans.',
    { type: 'law', title: 'Harbour Security Act', heading: 'Enforcement', language: 'en', jurisdiction: 'RU' },
  );
  const statistics = buildCorpusStatistics([programme, directive, act]);
  const gap = (question: string, passages: Passage[]) =>
    findCoverageGap(question, readQuestionFacets(question), passages, {
      domainTerms: new Set(),
      rarity: (term) => statistics.rarity(term),
      writesAsName: (term) => statistics.writesAsName(term),
    });

  it('reads the names of a question in lower case from how the corpus writes them', () => {
    expect(statistics.writesAsName('harbour')).toBe(false);
    expect(statistics.writesAsName('globex')).toBe(true);
    expect(statistics.writesAsName('lighthous')).toBe(true);
  });

  it('needs the figure beside the names it is asked of', () => {
    expect(gap('how much money did globex spend on project lighthouse?', [programme])).toBeUndefined();
    // The passage names Project Beacon, but its figure is Project Lighthouse's.
    expect(gap('how much money did globex spend on project beacon?', [programme])?.check).toBe('quantity');
    // The directive's floor is not one member state's own figure.
    expect(gap('Freedonia harbour directive transposition fine ceiling euros', [directive])?.check).toBe('quantity');
    expect(gap('harbour directive fine ceiling euros', [directive])).toBeUndefined();
  });

  it('counts the jurisdiction a passage is about, and each side of a comparison on its own', () => {
    expect(gap('What penalties can a RU harbour operator face under the security act?', [act])).toBeUndefined();
    expect(gap('max fines RU security act vs Harbour Safety Directive', [act, directive])).toBeUndefined();
  });
});

describe('a name of three words or more', () => {
  const board = passage(
    'harbour-act#board',
    'The Harbour Pilot Licensing Board grants pilot licences. The board may also suspend a licence for safety breaches.',
    { type: 'law', title: 'Harbour Safety Act', heading: 'Licensing', language: 'en' },
  );
  const shield = passage(
    'harbour-ruling#shield',
    'The Court found the Harbour Data Shield invalid. A new pilot data framework was announced for later.',
    { type: 'law', title: 'Pilot data ruling', heading: 'Judgment', language: 'en' },
  );
  const gap = (question: string) =>
    findCoverageGap(question, readQuestionFacets(question), [board, shield], { domainTerms: new Set() });

  it('is covered by a passage that has its words together', () => {
    expect(gap('Who sits on the Harbour Pilot Licensing Board?')).toBeUndefined();
  });

  it('decides alone when no passage has it, though each of its words is there', () => {
    expect(gap('When was the Harbour Pilot Data Framework adopted, and who grants pilot licences?')?.reason).toBe(
      'The corpus has no passage that mentions Harbour Pilot Data Framework.',
    );
  });

  it('is not made of the row number a questionnaire question opens with', () => {
    expect(
      readQuestionFacets('Q10.4 Harbour Board: who grants pilot licences?').named.map((facet) => facet.text),
    ).toEqual(['Harbour', 'Board']);
  });
});
