import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkDocument, chunkerVersion, maxPassageWords } from '../../src/corpus/chunk.js';
import { readCorpus } from '../../src/corpus/read-corpus.js';
import { readDocument } from '../../src/corpus/read-document.js';
import { buildSections } from '../../src/corpus/sections.js';
import { splitSentences } from '../../src/text/sentences.js';
import type { CorpusDocument, Passage } from '../../src/corpus/types.js';
import { countWords } from '../../src/text/words.js';
import { fixtureCorpus, shippedCorpus } from './fixtures.js';

let fixtures: CorpusDocument[];
let scratch: string;
beforeAll(async () => {
  fixtures = (await readCorpus(fixtureCorpus)).documents;
  scratch = await mkdtemp(path.join(tmpdir(), 'chunk-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

const documentById = (id: string) => fixtures.find((document) => document.metadata.id === id)!;
const passageById = (passages: Passage[], id: string) => {
  const passage = passages.find((item) => item.id === id);
  if (!passage) throw new Error(`no passage ${id} in ${passages.map((item) => item.id).join(', ')}`);
  return passage;
};

function expectSpansExact(documents: CorpusDocument[]): number {
  let count = 0;
  for (const document of documents) {
    const ids = new Set<string>();
    for (const passage of chunkDocument(document)) {
      expect(document.text.slice(passage.start, passage.end), passage.id).toBe(passage.text);
      expect(passage.text, passage.id).toBe(passage.text.trim());
      expect(passage.text.length, passage.id).toBeGreaterThan(0);
      expect(ids.has(passage.id), `duplicate ${passage.id}`).toBe(false);
      ids.add(passage.id);
      count++;
    }
  }
  return count;
}

describe('chunkDocument', () => {
  it('changes its version whenever its passages change (the index re-chunks on a new version)', () => {
    const passages = fixtures.flatMap((document) => chunkDocument(document));
    const layout = passages.map((passage) => `${passage.id} ${passage.start}-${passage.end} ${passage.contentHash}`);
    const digest = createHash('sha256').update(layout.join('\n')).digest('hex').slice(0, 16);
    // A new digest means the chunker's output changed: bump `chunkerVersion` in src/corpus/chunk.ts, then pin both here.
    expect({ chunkerVersion, digest }).toEqual({ chunkerVersion: '2', digest: '1a5eac7366151a26' });
  });

  it('keeps the exact character span of every passage of the fixture corpus', () => {
    expect(expectSpansExact(fixtures)).toBeGreaterThan(25);
  });

  it('keeps the exact character span of every passage of the shipped corpus', async () => {
    const { documents, problems } = await readCorpus(shippedCorpus);
    expect(problems).toEqual([]);
    expect(expectSpansExact(documents)).toBeGreaterThan(0);
  });

  it('gives readable ids, heading paths, metadata and a content hash', () => {
    const passages = chunkDocument(documentById('pipl-2021'));
    expect(passages.map((passage) => passage.id)).toEqual([
      'pipl-2021#overview',
      'pipl-2021#art-38',
      'pipl-2021#art-39',
      'pipl-2021#art-40',
      'pipl-2021#art-41',
    ]);
    const article38 = passageById(passages, 'pipl-2021#art-38');
    expect(article38).toMatchObject({
      documentId: 'pipl-2021',
      heading: 'PIPL › Chapter III › Article 38',
      title: "Personal Information Protection Law of the People's Republic of China",
      publisher: "National People's Congress Standing Committee",
      url: 'https://flk.npc.gov.cn/',
      jurisdiction: 'PRC',
      type: 'law',
      published: '2021-08-20',
      asOf: '2025-12-01',
      vendors: [],
      language: 'en',
      status: 'in_force',
    });
    expect(article38.text).toMatch(/^Article 38 sets the conditions/);
    expect(article38.text).not.toContain('{#art-38}');
    expect(article38.contentHash).toMatch(/^[0-9a-f]{16}$/);
    expect(article38.page).toBeUndefined();
  });

  it('builds deep heading paths and an intro passage for text before the first heading', () => {
    const passages = chunkDocument(documentById('vendor-questionnaire-guide'));
    expect(passageById(passages, 'vendor-questionnaire-guide#intro').heading).toBe('Questionnaire guide');
    expect(passageById(passages, 'vendor-questionnaire-guide#support-staff').heading).toBe(
      'Questionnaire guide › Data location › Remote access › Support staff',
    );
    // "Remote access" only groups its sub-heading: no passage of its own.
    expect(passages.some((passage) => passage.id === 'vendor-questionnaire-guide#remote-access')).toBe(false);
  });

  it('splits a unit over 300 words at sentence boundaries into -p2 parts', () => {
    const document = documentById('gdpr-2016');
    const section = document.sections.find((item) => item.anchor === 'art-46')!;
    const unitText = document.text.slice(section.start, section.end);
    expect(countWords(unitText)).toBeGreaterThan(maxPassageWords);
    const parts = chunkDocument(document).filter((passage) => passage.id.startsWith('gdpr-2016#art-46'));
    expect(parts.map((passage) => passage.id)).toEqual(['gdpr-2016#art-46', 'gdpr-2016#art-46-p2']);
    const sentenceEnds = new Set(splitSentences(unitText).map((sentence) => section.start + sentence.end));
    const sentenceStarts = new Set(splitSentences(unitText).map((sentence) => section.start + sentence.start));
    for (const part of parts) {
      expect(sentenceStarts.has(part.start)).toBe(true);
      expect(sentenceEnds.has(part.end)).toBe(true);
      expect(countWords(part.text)).toBeLessThanOrEqual(maxPassageWords);
      expect(countWords(part.text)).toBeGreaterThanOrEqual(80);
      expect(part.heading).toBe('GDPR › Chapter V: Transfers to third countries › Article 46: Appropriate safeguards');
    }
    expect(parts[0]!.end).toBeLessThan(parts[1]!.start);
  });

  it('gives the same ids and hashes on two reads', async () => {
    const again = (await readCorpus(fixtureCorpus)).documents;
    const summary = (documents: CorpusDocument[]) =>
      documents.flatMap(chunkDocument).map((passage) => `${passage.id} ${passage.contentHash} ${passage.start}`);
    expect(summary(again)).toEqual(summary(fixtures));
  });

  it('keeps explicitly anchored ids when an unrelated heading is inserted before them', async () => {
    const source = await readFile(path.join(fixtureCorpus, 'laws/pipl-2021.md'), 'utf8');
    const edited = source.replace(
      '## Chapter III {#ch-3}',
      '## Chapter II\n\n### Article 13\n\nArticle 13 lists the legal bases for processing personal information.\n\n## Chapter III {#ch-3}',
    );
    await writeFile(path.join(scratch, 'pipl-2021.md'), edited);
    const result = await readDocument(path.join(scratch, 'pipl-2021.md'), scratch);
    if (!result.ok) throw new Error(result.error.reason);
    const before = chunkDocument(documentById('pipl-2021'));
    const after = chunkDocument(result.value);
    expect(after.map((passage) => passage.id)).toEqual([
      'pipl-2021#overview',
      'pipl-2021#article-13',
      'pipl-2021#art-38',
      'pipl-2021#art-39',
      'pipl-2021#art-40',
      'pipl-2021#art-41',
    ]);
    for (const passage of before) {
      const moved = passageById(after, passage.id);
      expect(moved.text).toBe(passage.text);
      expect(moved.contentHash).toBe(passage.contentHash);
      expect(moved.heading).toBe(passage.heading);
    }
  });

  it('records the page of PDF passages', () => {
    const passages = chunkDocument(documentById('cloud-assessment-note'));
    expect(passages.map((passage) => [passage.id, passage.page])).toEqual([
      ['cloud-assessment-note#section-1-scope', 1],
      ['cloud-assessment-note#section-2-data-location', 1],
      ['cloud-assessment-note#section-3-key-control', 2],
      ['cloud-assessment-note#section-4-government-requests', 2],
    ]);
    expect(passageById(passages, 'cloud-assessment-note#section-1-scope').heading).toBe(
      'Cloud vendor assessment note › Section 1 Scope',
    );
  });

  it('continues the part numbering of a unit that runs onto the next page', () => {
    const text = 'SECTION 1 SCOPE\nFirst page text of the scope.\n\nSecond page text of the scope.';
    const pageBreak = text.indexOf('\n\nSecond');
    const sections = buildSections(
      text,
      [{ depth: 1, title: 'SECTION 1 SCOPE', start: 0, end: 'SECTION 1 SCOPE'.length }],
      { pages: [{ page: 1, start: 0, end: pageBreak }, { page: 2, start: pageBreak + 2, end: text.length }] },
    );
    if (!sections.ok) throw new Error(sections.error);
    const document: CorpusDocument = { ...documentById('cloud-assessment-note'), text, sections: sections.value };
    expect(chunkDocument(document).map((passage) => [passage.id, passage.page, passage.text])).toEqual([
      ['cloud-assessment-note#section-1-scope', 1, 'First page text of the scope.'],
      ['cloud-assessment-note#section-1-scope-p2', 2, 'Second page text of the scope.'],
    ]);
  });

  it('chunks a Chinese document with Chinese heading paths', () => {
    const passages = chunkDocument(documentById('nil-2017-zh'));
    const article7 = passageById(passages, 'nil-2017-zh#art-7');
    expect(article7.heading).toBe('国家情报法 › 第七条');
    expect(article7.language).toBe('zh');
    expect(article7.text).toBe(
      '任何组织和公民都应当依法支持、协助和配合国家情报工作，保守所知悉的国家情报工作秘密。\n\n国家对支持、协助和配合国家情报工作的个人和组织给予保护。',
    );
  });

  it('splits a long Chinese unit at 。 boundaries', () => {
    const sentence = '网络运营者应当为公安机关、国家安全机关依法维护国家安全和侦查犯罪的活动提供技术支持和协助。';
    const body = Array.from({ length: 40 }, () => sentence).join('');
    const text = `## 第二十八条 {#art-28}\n\n${body}`;
    const sections = buildSections(text, [{ depth: 2, title: '第二十八条', explicitAnchor: 'art-28', start: 0, end: 19 }]);
    if (!sections.ok) throw new Error(sections.error);
    const base = documentById('nil-2017-zh');
    const passages = chunkDocument({ ...base, text, sections: sections.value });
    expect(passages.length).toBeGreaterThan(1);
    expect(passages[1]!.id).toBe('nil-2017-zh#art-28-p2');
    for (const passage of passages) {
      expect(passage.text.endsWith('。')).toBe(true);
      expect(text.slice(passage.start, passage.end)).toBe(passage.text);
      expect(countWords(passage.text)).toBeLessThanOrEqual(maxPassageWords);
    }
  });

  it('cuts a single over-long sentence without losing its span', () => {
    const body = Array.from({ length: 700 }, (_, index) => `word${index}`).join(' ');
    const text = `## Table {#table}\n\n${body}`;
    const sections = buildSections(text, [{ depth: 2, title: 'Table', explicitAnchor: 'table', start: 0, end: 17 }]);
    if (!sections.ok) throw new Error(sections.error);
    const passages = chunkDocument({ ...documentById('pipl-2021'), text, sections: sections.value });
    expect(passages.map((passage) => passage.id)).toEqual(['pipl-2021#table', 'pipl-2021#table-p2', 'pipl-2021#table-p3']);
    expect(passages.map((passage) => passage.text).join(' ')).toBe(body);
    for (const passage of passages) expect(text.slice(passage.start, passage.end)).toBe(passage.text);
  });
});
