import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDocument } from '../../src/corpus/read-document.js';
import type { CorpusDocument, CorpusProblem } from '../../src/corpus/types.js';
import { fixtureCorpus } from './fixtures.js';

async function read(relativePath: string, directory = fixtureCorpus): Promise<CorpusDocument> {
  const result = await readDocument(path.join(directory, relativePath), directory);
  if (!result.ok) throw new Error(`${result.error.path}: ${result.error.reason}`);
  return result.value;
}

async function problemOf(relativePath: string, directory: string): Promise<CorpusProblem> {
  const result = await readDocument(path.join(directory, relativePath), directory);
  if (result.ok) throw new Error(`${relativePath} was expected to fail`);
  return result.error;
}

const sectionBody = (document: CorpusDocument, anchor: string) => {
  const section = document.sections.find((item) => item.anchor === anchor);
  if (!section) throw new Error(`no section ${anchor}`);
  return document.text.slice(section.start, section.end);
};

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'read-document-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('Markdown', () => {
  it('reads front matter into metadata and keeps the body as the document text', async () => {
    const document = await read('laws/pipl-2021.md');
    expect(document.format).toBe('markdown');
    expect(document.sourcePath).toBe('laws/pipl-2021.md');
    expect(document.metadata).toMatchObject({
      id: 'pipl-2021',
      shortTitle: 'PIPL',
      jurisdiction: 'PRC',
      type: 'law',
      published: '2021-08-20',
      asOf: '2025-12-01',
      vendors: [],
      language: 'en',
      status: 'in_force',
    });
    expect(document.text.startsWith('---')).toBe(false);
    expect(document.text.trimStart().startsWith('## Overview {#overview}')).toBe(true);
  });

  it('makes one section per heading with its heading path and explicit anchor', async () => {
    const document = await read('laws/pipl-2021.md');
    expect(document.sections.map((section) => section.anchor)).toEqual([
      'overview',
      'ch-3',
      'art-38',
      'art-39',
      'art-40',
      'art-41',
    ]);
    const article38 = document.sections.find((section) => section.anchor === 'art-38')!;
    expect(article38.headings).toEqual(['Chapter III', 'Article 38']);
    expect(sectionBody(document, 'art-38')).toMatch(/^Article 38 sets the conditions/);
    expect(sectionBody(document, 'ch-3')).toBe('');
  });

  it('does not take lines inside fenced code for headings', async () => {
    const document = await read('guidance/vendor-questionnaire-guide.md');
    const anchors = document.sections.map((section) => section.anchor);
    expect(anchors).toEqual(['intro', 'data-location', 'remote-access', 'support-staff', 'machine-readable']);
    expect(sectionBody(document, 'machine-readable')).toContain('# Data location\nregions:');
  });

  it('uses heading slugs without explicit anchors, and a hash for headings without ASCII letters', async () => {
    const gdpr = await read('laws/gdpr-2016.md');
    expect(gdpr.sections.map((section) => section.anchor)).toContain('general-principle-for-transfers');
    const chinese = await read('laws/nil-2017-zh.md');
    expect(chinese.sections.at(-1)!.anchor).toMatch(/^h-[0-9a-f]{8}$/);
    expect(chinese.sections.at(-1)!.headings).toEqual(['与云服务供应商的关系']);
  });

  it('reads a Chinese document', async () => {
    const document = await read('laws/nil-2017-zh.md');
    expect(document.metadata.language).toBe('zh');
    expect(document.metadata.shortTitle).toBe('国家情报法');
    expect(sectionBody(document, 'art-7')).toMatch(/^任何组织和公民都应当依法支持、协助和配合国家情报工作/);
  });

  it('reports every invalid front matter field with the file path', async () => {
    const problem = await problemOf('broken/bad-front-matter.md', fixtureCorpus);
    expect(problem.path).toBe('broken/bad-front-matter.md');
    expect(problem.reason).toContain('id must be lowercase letters');
    expect(problem.reason).toContain('url is required');
    expect(problem.reason).toContain('type must be one of law, regulation');
    expect(problem.reason).toContain('published must be a real date written YYYY-MM-DD');
  });

  it('reports missing, unclosed and unparsable front matter', async () => {
    await writeFile(path.join(scratch, 'none.md'), '## Heading\n\nText.\n');
    await writeFile(path.join(scratch, 'unclosed.md'), '---\nid: x\ntitle: y\n\n## Heading\n');
    await writeFile(path.join(scratch, 'yaml.md'), '---\nid: [unclosed\n---\nText.\n');
    await writeFile(path.join(scratch, 'date.md'), '---\nid: x\npublished: 2021-02-30\n---\nText.\n');
    expect((await problemOf('none.md', scratch)).reason).toMatch(/^missing front matter/);
    expect((await problemOf('unclosed.md', scratch)).reason).toMatch(/^front matter is not closed/);
    expect((await problemOf('yaml.md', scratch)).reason).toMatch(/^front matter is not valid YAML/);
    expect((await problemOf('date.md', scratch)).reason).toContain('published must be a real date');
  });

  it('reports two headings with the same explicit anchor', async () => {
    const source = await readFile(path.join(fixtureCorpus, 'laws/pipl-2021.md'), 'utf8');
    const head = source.split('\n## ')[0];
    await writeFile(path.join(scratch, 'dupe.md'), `${head}\n## One {#a}\n\nText.\n\n## Two {#a}\n\nMore.\n`);
    expect((await problemOf('dupe.md', scratch)).reason).toMatch(/duplicate anchor \{#a\}/);
  });

  it('reports files that cannot be read', async () => {
    await writeFile(path.join(scratch, 'binary.md'), Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xff, 0xfe, 0x00]));
    expect(await problemOf('binary.md', scratch)).toEqual({ path: 'binary.md', reason: 'the file is not valid UTF-8' });
    expect((await problemOf('missing.md', scratch)).reason).toBe('cannot read the file (ENOENT)');
    await writeFile(path.join(scratch, 'broken.pdf'), 'this is not a pdf');
    expect((await problemOf('broken.pdf', scratch)).reason).toMatch(/^not a readable PDF/);
  });
});

describe('plain text', () => {
  it('takes the id from the file name and the title from the first line when there is no front matter', async () => {
    const document = await read('notes/kaspersky-ban-summary.txt');
    expect(document.format).toBe('text');
    expect(document.metadata).toMatchObject({
      id: 'kaspersky-ban-summary',
      title: 'KASPERSKY SOFTWARE BAN IN THE UNITED STATES',
      type: 'guidance',
      language: 'en',
      published: '',
    });
  });

  it('treats Section lines as headings and the title line as the title', async () => {
    const document = await read('notes/kaspersky-ban-summary.txt');
    expect(document.sections.map((section) => section.anchor)).toEqual([
      'intro',
      'section-1-federal-systems',
      'section-2-final-determination-of-2024',
    ]);
    expect(sectionBody(document, 'section-1-federal-systems')).toMatch(/^In September 2017 the Department/);
  });

  it('cuts a text without headings into paragraphs and honours optional front matter', async () => {
    await writeFile(
      path.join(scratch, 'memo.txt'),
      '---\nid: memo-2025\npublished: 2025-03-01\n---\nA short memo about vendors.\n\nArticle 38 of the PIPL governs transfers, as the team noted.\n\n\nA third paragraph.\n',
    );
    const document = await read('memo.txt', scratch);
    expect(document.metadata).toMatchObject({ id: 'memo-2025', title: 'A short memo about vendors.', published: '2025-03-01' });
    expect(document.sections.map((section) => section.anchor)).toEqual(['para-1', 'para-2', 'para-3']);
    expect(sectionBody(document, 'para-2')).toBe('Article 38 of the PIPL governs transfers, as the team noted.');
  });

  it('reports invalid optional front matter', async () => {
    await writeFile(path.join(scratch, 'bad.txt'), '---\ntype: rumour\n---\nText.\n');
    expect((await problemOf('bad.txt', scratch)).reason).toMatch(/^invalid metadata: type must be one of/);
  });
});

describe('HTML', () => {
  it('keeps the article text and drops navigation, banners, related links and footers', async () => {
    const document = await read('web/eu-5g-toolbox-article.html');
    expect(document.format).toBe('html');
    expect(document.text).toContain('On 29 January 2020 the Member States');
    expect(document.text).toContain('Huawei and ZTE');
    for (const clutter of ['Subscribe', 'cookies', 'Copyright', 'Ten things to know', 'Home']) {
      expect(document.text).not.toContain(clutter);
    }
  });

  it('reads metadata from meta tags and uses h2 ids as anchors', async () => {
    const document = await read('web/eu-5g-toolbox-article.html');
    expect(document.metadata).toMatchObject({
      id: 'eu-5g-toolbox-article',
      title: 'The EU 5G Toolbox and high-risk suppliers',
      publisher: 'Policy Monitor',
      jurisdiction: 'EU',
      published: '2020-01-29',
      vendors: ['huawei'],
      language: 'en',
    });
    expect(document.sections.map((section) => section.anchor)).toEqual(['toolbox', 'follow-up']);
    expect(sectionBody(document, 'toolbox')).toMatch(/^On 29 January 2020.*\n\nThe risk profile may/s);
  });

  it('falls back to <title> and the file name without meta tags', async () => {
    await writeFile(
      path.join(scratch, 'Simple Page.html'),
      '<html><head><title>A simple page</title></head><body><nav>Menu</nav><h2>Intro</h2><p>Some text about cloud vendors.</p></body></html>',
    );
    const document = await read('Simple Page.html', scratch);
    expect(document.metadata).toMatchObject({ id: 'simple-page', title: 'A simple page' });
    expect(document.text).toContain('Some text about cloud vendors.');
  });
});

describe('PDF', () => {
  it('extracts text per page and records the page of every section', async () => {
    const document = await read('reports/cloud-assessment-note.pdf');
    expect(document.format).toBe('pdf');
    expect(document.metadata).toMatchObject({ id: 'cloud-assessment-note', title: 'Cloud vendor assessment note' });
    const pages = Object.fromEntries(document.sections.map((section) => [section.anchor, section.page]));
    expect(pages).toEqual({
      'section-1-scope': 1,
      'section-2-data-location': 1,
      'section-3-key-control': 2,
      'section-4-government-requests': 2,
    });
    expect(sectionBody(document, 'section-3-key-control')).toMatch(/^Customer managed keys held in a hardware/);
  });
});
