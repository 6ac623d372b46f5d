/**
 * Benchmark corpora of a given size, made from the real texts in the shared sources folder: the texts are cut into
 * sentences, and each synthetic passage strings together consecutive sentences from a seeded position (so passages
 * read like the regulatory prose they come from, vocabulary and all). Written as Markdown corpus files with one
 * heading per passage, they go through the same ingest as the shipped corpus.
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from './suite.js';

export interface BenchPassage {
  id: string;
  heading: string;
  text: string;
}

const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));
/** The shared sources sit beside the repository, here and in CI. */
export const defaultSourcesDirectory = path.resolve(repositoryRoot, '..', 'shared', 'sources');

const passagesPerFile = 500;

async function listTextFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) files.push(...(await listTextFiles(full)));
    else if (/\.(md|txt)$/i.test(entry.name) && !/^(SOURCE|README|LICENSE)/i.test(entry.name)) files.push(full);
  }
  return files;
}

/** English sentences of 6 to 60 words from the sources, in file order. */
export async function readSourceSentences(sourcesDirectory = defaultSourcesDirectory): Promise<string[]> {
  await stat(sourcesDirectory).catch(() => {
    throw new Error(`benchmark sources not found at ${sourcesDirectory} (pass --sources <folder>)`);
  });
  const sentences: string[] = [];
  for (const file of await listTextFiles(sourcesDirectory)) {
    const text = (await readFile(file, 'utf8'))
      .replace(/^---[\s\S]*?\n---\n/, '')
      // Markup that would change the structure of the generated Markdown (an unclosed HTML comment swallows the rest).
      .replace(/<!--[\s\S]*?(-->|$)/g, ' ')
      .replace(/<[^>]*>/g, ' ')
      .replace(/[#*_`<>|[\]{}\\=~-]{2,}|[#*_`<>|[\]{}\\]/g, ' ')
      .replace(/\s+/g, ' ');
    for (const sentence of text.split(/(?<=[.;:!?])\s+(?=[A-Z(])/)) {
      const words = sentence.trim().split(' ').length;
      if (words >= 6 && words <= 60 && /^[\x20-\x7e’“”–—§€]+$/.test(sentence.trim())) sentences.push(sentence.trim());
    }
  }
  if (sentences.length < 100) throw new Error(`too little text in ${sourcesDirectory} for a benchmark corpus`);
  return sentences;
}

export function makePassages(sentences: string[], count: number, seed = 42): BenchPassage[] {
  const random = seededRandom(seed);
  const passages: BenchPassage[] = [];
  for (let index = 0; index < count; index++) {
    // 80 to 220 words, the chunker's target range, so each section stays one passage.
    const targetWords = 80 + Math.floor(random() * 140);
    let position = Math.floor(random() * sentences.length);
    const parts: string[] = [];
    let words = 0;
    while (words < targetWords) {
      const sentence = sentences[position % sentences.length]!;
      parts.push(sentence);
      words += sentence.split(' ').length;
      position++;
    }
    const headingWords = parts[0]!
      .split(' ')
      .slice(0, 6)
      .join(' ')
      .replace(/[^\w\s-]/g, '');
    passages.push({ id: `p-${index}`, heading: `Section ${index}: ${headingWords}`, text: parts.join(' ') });
  }
  return passages;
}

/** Writes passages as Markdown corpus files (front matter, one `##` heading with an explicit anchor per passage). */
export async function writeBenchCorpus(passages: BenchPassage[], corpusDirectory: string): Promise<void> {
  await mkdir(corpusDirectory, { recursive: true });
  for (let start = 0, file = 0; start < passages.length; start += passagesPerFile, file++) {
    const id = `bench-${String(file).padStart(4, '0')}`;
    const body = passages
      .slice(start, start + passagesPerFile)
      .map((passage) => `## ${passage.heading} {#${passage.id}}\n\n${passage.text}\n`)
      .join('\n');
    const frontMatter = [
      '---',
      `id: ${id}`,
      `title: Benchmark document ${file}`,
      'publisher: Benchmark',
      'url: https://example.org/bench',
      'jurisdiction: INTL',
      'type: guidance',
      'published: 2024-01-01',
      'as_of: 2024-01-01',
      'language: en',
      '---',
      '',
    ].join('\n');
    await writeFile(path.join(corpusDirectory, `${id}.md`), frontMatter + body);
  }
}

/**
 * The passages of the files writeBenchCorpus wrote, read back as a peer's ingest would: each file read, its front
 * matter skipped, its body split at the level-2 headings, each section's anchor its id.
 */
export async function readBenchCorpus(corpusDirectory: string): Promise<BenchPassage[]> {
  const files = (await readdir(corpusDirectory)).filter((name) => /^bench-\d+\.md$/.test(name)).sort();
  const passages: BenchPassage[] = [];
  for (const name of files) {
    const content = await readFile(path.join(corpusDirectory, name), 'utf8');
    const body = content.slice(content.indexOf('\n---\n', 3) + 5);
    for (const section of body.split(/^## /m).slice(1)) {
      const match = /^(.*) \{#([^}]+)\}\n\n([\s\S]*?)\n*$/.exec(section);
      if (match) passages.push({ id: match[2]!, heading: match[1]!, text: match[3]! });
    }
  }
  return passages;
}

/** Search queries of 2 to 4 content words taken from random passages, like short analyst queries. */
export function makeQueries(passages: BenchPassage[], count: number, seed = 7): string[] {
  const random = seededRandom(seed);
  const queries: string[] = [];
  while (queries.length < count) {
    const passage = passages[Math.floor(random() * passages.length)]!;
    const words = passage.text
      .toLowerCase()
      .split(/[^a-z]+/)
      .filter((word) => word.length >= 5);
    if (words.length < 4) continue;
    const length = 2 + Math.floor(random() * 3);
    const picked = new Set<string>();
    while (picked.size < length) picked.add(words[Math.floor(random() * words.length)]!);
    queries.push([...picked].join(' '));
  }
  return queries;
}
