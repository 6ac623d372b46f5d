import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCorpus, readCorpus } from '../../src/corpus/read-corpus.js';
import { AppError } from '../../src/errors.js';
import { fixtureCorpus } from './fixtures.js';

const temporaryDirectories: string[] = [];
async function copyOfFixtures(): Promise<string> {
  const directory = await mkdtemp(path.join(tmpdir(), 'corpus-'));
  temporaryDirectories.push(directory);
  await cp(fixtureCorpus, directory, { recursive: true });
  return directory;
}
afterEach(async () => {
  await Promise.all(temporaryDirectories.splice(0).map((directory) => rm(directory, { recursive: true, force: true })));
});

describe('readCorpus', () => {
  it('reads every supported format recursively, in path order, and reports the malformed file', async () => {
    const { documents, problems } = await readCorpus(fixtureCorpus);
    const paths = documents.map((document) => document.sourcePath);
    expect(paths).toEqual([...paths].sort());
    expect(paths).toEqual([
      'guidance/vendor-questionnaire-guide.md',
      'laws/cloud-act-2018.md',
      'laws/gdpr-2016.md',
      'laws/nil-2017-zh.md',
      'laws/pipl-2021.md',
      'news/news-2023-09-dpc-tiktok-345m.md',
      'notes/kaspersky-ban-summary.txt',
      'reports/cloud-assessment-note.pdf',
      'vendors/vendor-alibaba-cloud.md',
      'web/eu-5g-toolbox-article.html',
    ]);
    expect(new Set(documents.map((document) => document.format))).toEqual(new Set(['markdown', 'text', 'pdf', 'html']));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe('broken/bad-front-matter.md');
    expect(problems[0]!.reason).toMatch(/^invalid front matter: /);
  });

  it('gives every document a sha256 of its bytes', async () => {
    const { documents } = await readCorpus(fixtureCorpus);
    for (const document of documents) expect(document.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reports a duplicate document id for the later file and keeps the first', async () => {
    const directory = await copyOfFixtures();
    await mkdir(path.join(directory, 'zz'));
    await cp(path.join(directory, 'laws/pipl-2021.md'), path.join(directory, 'zz/pipl-copy.md'));
    const { documents, problems } = await readCorpus(directory);
    expect(documents.filter((document) => document.metadata.id === 'pipl-2021')).toHaveLength(1);
    expect(documents.find((document) => document.metadata.id === 'pipl-2021')!.sourcePath).toBe('laws/pipl-2021.md');
    expect(problems).toContainEqual({
      path: 'zz/pipl-copy.md',
      reason: 'duplicate document id "pipl-2021" (already used by laws/pipl-2021.md)',
    });
  });

  it('reports a vendor id that the aliases file does not know', async () => {
    const directory = await copyOfFixtures();
    const file = path.join(directory, 'laws/cloud-act-2018.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('vendors: [aws]', 'vendors: [aws, acme-cloud]'));
    const { documents, problems } = await readCorpus(directory);
    expect(documents.some((document) => document.metadata.id === 'cloud-act-2018')).toBe(false);
    expect(problems).toContainEqual({
      path: 'laws/cloud-act-2018.md',
      reason: 'invalid front matter: vendors acme-cloud not found in vendor-aliases.yaml',
    });
  });

  it('ignores hidden files, unsupported files and the aliases file', async () => {
    const directory = await copyOfFixtures();
    await writeFile(path.join(directory, '.draft.md'), 'not front matter');
    await writeFile(path.join(directory, 'notes/data.csv'), 'a,b\n1,2\n');
    await mkdir(path.join(directory, '.cache'));
    await writeFile(path.join(directory, '.cache/old.md'), 'junk');
    const { documents, problems } = await readCorpus(directory);
    expect(documents).toHaveLength(10);
    expect(problems.map((problem) => problem.path)).toEqual(['broken/bad-front-matter.md']);
  });

  it('reads a corpus without an aliases file', async () => {
    const directory = await copyOfFixtures();
    await rm(path.join(directory, 'vendor-aliases.yaml'));
    const { documents } = await readCorpus(directory);
    expect(documents).toHaveLength(10);
  });

  it('reports an invalid aliases file as a problem and still reads the documents', async () => {
    const directory = await copyOfFixtures();
    await writeFile(path.join(directory, 'vendor-aliases.yaml'), 'acme: [not, a, mapping\n');
    const { documents, problems } = await readCorpus(directory);
    expect(documents).toHaveLength(10);
    expect(problems[0]!.path).toBe('vendor-aliases.yaml');
  });

  it('fails with invalid_config when the directory does not exist', async () => {
    const error = await readCorpus(path.join(tmpdir(), 'no-such-corpus-directory')).catch((caught: unknown) => caught);
    expect(AppError.isInstance(error) && error.code).toBe('invalid_config');
  });
});

describe('openCorpus', () => {
  /** A folder of `count` small notes, note-00.txt, note-01.txt, ... */
  async function folderOfNotes(count: number): Promise<string> {
    const directory = await mkdtemp(path.join(tmpdir(), 'corpus-'));
    temporaryDirectories.push(directory);
    for (let index = 0; index < count; index++) {
      const name = `note-${String(index).padStart(2, '0')}`;
      await writeFile(path.join(directory, `${name}.txt`), `${name}\n\nA short note about escrow, number ${index}.\n`);
    }
    return directory;
  }

  it('hands documents on one at a time, reading only a few files ahead', async () => {
    const directory = await folderOfNotes(30);
    const corpus = await openCorpus(directory);
    expect(corpus.files).toBe(30);
    const first = await corpus.entries.next();
    expect(first.value).toHaveProperty('document.sourcePath', 'note-00.txt');
    // A file far behind the first one is read only when the reading gets there: removed now, it is a problem then.
    await rm(path.join(directory, 'note-25.txt'));
    const rest: string[] = [];
    for await (const entry of corpus.entries) {
      rest.push('document' in entry ? entry.document.sourcePath : `problem: ${entry.problem.path}`);
    }
    expect(rest).toHaveLength(29);
    expect(rest[24]).toBe('problem: note-25.txt');
    expect(rest.filter((item) => item.startsWith('problem'))).toEqual(['problem: note-25.txt']);
  });
});
