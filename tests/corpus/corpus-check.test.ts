/**
 * The corpus check: every instrument name resolves to one canonical name, dates stated about an instrument agree
 * with its front matter, placeholder dates are flagged, and site-root links are named in the verification note. Each
 * rule is shown failing on a small corpus with one planted disagreement, then the shipped corpus must pass.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkCorpus,
  checkCorpusFiles,
  formatFinding,
  type CorpusFile,
  type CorpusFinding,
} from '../../src/corpus/check.js';
import { shippedCorpus } from './fixtures.js';

const instruments: CorpusFile = {
  path: 'instrument-aliases.yaml',
  content: `ctl:
  name: Counter-Terrorism Law
  documents: [ctl-2015]
  aliases: [CTL, 反恐怖主义法]
  variants: [Anti-Terrorism Law]
genai:
  name: Interim Measures for the Management of Generative AI Services
  documents: [genai-2023]
  aliases: [GenAI Measures]
`,
};

function document(id: string, fields: string, body: string, type = 'law'): CorpusFile {
  return {
    path: `${id}.md`,
    content: `---
id: ${id}
title: ${id}
publisher: Example publisher
url: https://example.org/laws/${id}
jurisdiction: PRC
type: ${type}
${fields}
as_of: 2025-12-01
language: en
---

## Overview {#overview}

${body}
`,
  };
}

const ctl = document(
  'ctl-2015',
  'published: 2015-12-27\nadopted: 2015-12-27\nin_force: 2016-01-01\namended: 2018-04-27',
  'The Counter-Terrorism Law was adopted on 27 December 2015 and took effect on 1 January 2016.',
);
const genai = document(
  'genai-2023',
  'published: 2023-07-13\nadopted: 2023-05-23\nsigned: 2023-07-10\nin_force: 2023-08-15',
  'The GenAI Measures were adopted on 23 May 2023, signed on 10 July 2023 and took effect on 15 August 2023.',
  'regulation',
);

function check(...files: CorpusFile[]): CorpusFinding[] {
  return checkCorpusFiles([ctl, genai, ...files], instruments).findings;
}

function news(body: string, fields = 'published: 2025-11-14', verification = ''): CorpusFile {
  const note = verification ? `\nverification: "${verification}"` : '';
  return document('news-item', `${fields}${note}`, body, 'news');
}

describe('the corpus check on small corpora', () => {
  it('passes a corpus whose names, dates and links agree', () => {
    expect(check(news('Reports cite the Counter-Terrorism Law (in force 1 January 2016) and the CTL.'))).toEqual([]);
  });

  it('reports a date that disagrees with the instrument front matter, with file and line', () => {
    const findings = check(
      news('Providers operate under the GenAI Measures (adopted 10 July 2023, in force 15 August 2023).'),
    );
    expect(findings).toEqual([
      expect.objectContaining({ path: 'news-item.md', line: 15, rule: 'date-disagrees' }),
    ]);
    expect(formatFinding(findings[0]!)).toMatch(
      /^news-item\.md:15: says GenAI Measures adopted 10 July 2023, but genai-2023 front matter has adopted 2023-05-23/,
    );
  });

  it('reports a date whose meaning the instrument front matter does not give', () => {
    expect(check(news('The Counter-Terrorism Law was promulgated on 27 December 2015.'))).toEqual([
      expect.objectContaining({ rule: 'date-missing', line: 15 }),
    ]);
  });

  it('reads an amendment date against the amended list, and leaves dates of other acts alone', () => {
    expect(check(news('The Counter-Terrorism Law was amended on 27 April 2018.'))).toEqual([]);
    expect(check(news('The Counter-Terrorism Law was amended on 27 April 2019.'))).toEqual([
      expect.objectContaining({ rule: 'date-disagrees' }),
    ]);
    expect(check(news('Officials cited the Counter-Terrorism Law, and it was reported on 3 March 2020.'))).toEqual([]);
  });

  it("checks a document's own dates where its text refers back to it", () => {
    const body = 'These rules govern public services. They took effect on 1 September 2023.';
    const restated = { ...genai, content: genai.content.replace(/The GenAI Measures were[^\n]*/, body) };
    expect(checkCorpusFiles([ctl, restated], instruments).findings).toEqual([
      expect.objectContaining({ path: 'genai-2023.md', rule: 'date-disagrees', message: expect.stringContaining('They') }),
    ]);
  });

  it('reports a variant name unless it is quoted next to the canonical name', () => {
    expect(check(news('The DPC found that TikTok had not assessed the Anti-Terrorism Law.'))).toEqual([
      expect.objectContaining({ rule: 'variant-name', line: 15 }),
    ]);
    expect(check(news('The Counter-Terrorism Law (reported as the "Anti-Terrorism Law") applies.'))).toEqual([]);
  });

  it('reports an instrument-shaped name that the aliases file does not list', () => {
    const findings = check(news('The Export Control Law and 《中华人民共和国出口管制法》 also apply; these Measures do not.'));
    expect(findings.map((finding) => finding.message)).toEqual([
      expect.stringContaining('"Export Control Law"'),
      expect.stringContaining('"中华人民共和国出口管制法"'),
    ]);
  });

  it('resolves a full Chinese title through the short title it contains', () => {
    expect(check(news('本法依据《中华人民共和国反恐怖主义法》制定。'))).toEqual([]);
  });

  it('requires a placeholder date to be listed in unconfirmed_dates, with a note', () => {
    const placeholder = 'The day of the report is not known; 2025-11-01 is a placeholder.';
    expect(check(news('Reported in late 2025.', 'published: 2025-11-01', placeholder))).toEqual([
      expect.objectContaining({ rule: 'unconfirmed-date', line: 9 }),
    ]);
    expect(
      check(news('Reported in late 2025.', 'published: 2025-11-01\nunconfirmed_dates: [published]', placeholder)),
    ).toEqual([]);
  });

  it('requires a site-root link to be flagged in the verification note', () => {
    const rooted = (verification: string) =>
      news('See https://www.garanteprivacy.it/ for the notice.', 'published: 2025-01-30', verification);
    expect(check(rooted(''))).toEqual([expect.objectContaining({ rule: 'site-root-url', line: 15 })]);
    const named = rooted('Text from a search of garanteprivacy.it.');
    expect(check(named)).toEqual([expect.objectContaining({ rule: 'site-root-url', line: 16 })]);
    expect(check(rooted('Site-root link: garanteprivacy.it, the page itself was not found.'))).toEqual([]);
  });

  it('reports a law that no instrument lists, and documents of one instrument that disagree', () => {
    const unlisted = document('nsl-2015', 'published: 2015-07-01', 'Text.');
    expect(check(unlisted)).toEqual([expect.objectContaining({ path: 'nsl-2015.md', rule: 'unlisted-instrument' })]);
    const chinese = { ...document('ctl-2015-zh', 'published: 2015-12-27\nin_force: 2016-02-01', '正文。') };
    const twoTexts = { ...instruments, content: instruments.content.replace('[ctl-2015]', '[ctl-2015, ctl-2015-zh]') };
    expect(checkCorpusFiles([ctl, genai, chinese], twoTexts).findings).toEqual([
      expect.objectContaining({ path: 'ctl-2015-zh.md', rule: 'date-disagrees' }),
    ]);
  });

  it('reports a name claimed by two instruments and a listed document that does not exist', () => {
    const clash = { ...instruments, content: `${instruments.content}other:\n  name: Other\n  aliases: [CTL]\n` };
    // An invalid file lists no instruments, so the names it would have resolved are reported too.
    expect(checkCorpusFiles([ctl, genai], clash).findings).toContainEqual(
      expect.objectContaining({ rule: 'instrument-file', message: expect.stringContaining('"CTL"') }),
    );
    const missing = { ...instruments, content: `${instruments.content}gone:\n  name: Gone Law\n  documents: [gone]\n` };
    expect(checkCorpusFiles([ctl, genai], missing).findings).toEqual([
      expect.objectContaining({ rule: 'instrument-file', message: expect.stringContaining('gone') }),
    ]);
  });

  it('checks plain-text files with partial front matter', () => {
    const text = { path: 'notes.txt', content: '---\npublished: 2025-01-01\n---\nThe Anti-Terrorism Law applies.\n' };
    expect(check(text)).toEqual([expect.objectContaining({ path: 'notes.txt', line: 4, rule: 'variant-name' })]);
  });

  it('reads a corpus folder from disk, sub-folders included', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'corpus-check-'));
    try {
      await mkdir(path.join(directory, 'news'));
      await writeFile(path.join(directory, instruments.path), instruments.content);
      for (const file of [ctl, genai]) await writeFile(path.join(directory, file.path), file.content);
      const planted = news('The GenAI Measures took effect on 15 September 2023.');
      await writeFile(path.join(directory, 'news', planted.path), planted.content);
      const report = await checkCorpus(directory);
      expect(report.findings.map(formatFinding)).toEqual([
        expect.stringMatching(/^news\/news-item\.md:15: says GenAI Measures took effect on 15 September 2023/),
      ]);
      expect(report).toMatchObject({ documents: 3, instruments: 2, aliases: 4 });
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe('the shipped corpus', () => {
  it('passes the corpus check', async () => {
    const report = await checkCorpus(shippedCorpus);
    expect(report.findings.map(formatFinding)).toEqual([]);
    expect(report.instruments).toBeGreaterThan(50);
    expect(report.flaggedUrls).toBeGreaterThan(0);
  });
});
