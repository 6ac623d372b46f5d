/**
 * External retrieval datasets in the BEIR layout: `corpus.jsonl` (`_id`, `title`, `text`), `queries.jsonl` (`_id`,
 * `text`) and `qrels/test.tsv` (`query-id`, `corpus-id`, `score`, with a header line). The corpus is written out as
 * one Markdown file per document in the project's corpus format, so it is indexed by exactly the ingest path the
 * shipped corpus uses, into its own data folder; relevance is judged per document, as BEIR does.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { stringify } from 'yaml';
import { AppError } from '../../src/errors.js';

export interface BeirDocument {
  id: string;
  title: string;
  text: string;
}

export interface BeirQuery {
  id: string;
  text: string;
  /** Relevant document ids (BEIR ids) with their grades (> 0). */
  relevant: Map<string, number>;
}

export interface BeirDataset {
  name: string;
  directory: string;
  /** Queries that have at least one relevant document in the qrels split. */
  queries: BeirQuery[];
  split: string;
}

/** Reads queries and qrels; the corpus is streamed separately because it can be large. */
export async function loadBeirDataset(directory: string, split = 'test'): Promise<BeirDataset> {
  const root = path.resolve(directory);
  for (const required of ['corpus.jsonl', 'queries.jsonl', path.join('qrels', `${split}.tsv`)]) {
    const info = await stat(path.join(root, required)).catch(() => undefined);
    if (!info?.isFile()) {
      throw new AppError(
        'invalid_input',
        `${root} is not a BEIR dataset: ${required} is missing (expected corpus.jsonl, queries.jsonl and qrels/${split}.tsv).`,
      );
    }
  }
  const judgements = new Map<string, Map<string, number>>();
  let lineNumber = 0;
  for await (const line of lines(path.join(root, 'qrels', `${split}.tsv`))) {
    lineNumber++;
    const [queryId, documentId, score] = line.split('\t').map((cell) => cell.trim());
    if (!queryId || !documentId) continue;
    const grade = Number(score);
    // The header line ("query-id corpus-id score") has no numeric score.
    if (!Number.isFinite(grade)) {
      if (lineNumber === 1) continue;
      throw new AppError('invalid_input', `qrels/${split}.tsv line ${lineNumber}: score "${score}" is not a number`);
    }
    if (grade <= 0) continue;
    judgements.set(queryId, (judgements.get(queryId) ?? new Map()).set(documentId, grade));
  }
  const queries: BeirQuery[] = [];
  for await (const row of jsonLines(path.join(root, 'queries.jsonl'))) {
    const id = String(row._id ?? '');
    const relevant = judgements.get(id);
    if (relevant) queries.push({ id, text: String(row.text ?? ''), relevant });
  }
  if (queries.length === 0) {
    throw new AppError(
      'invalid_input',
      `${root}: no query in queries.jsonl has a relevant document in qrels/${split}.tsv`,
    );
  }
  return { name: path.basename(root), directory: root, queries, split };
}

export async function* readBeirCorpus(directory: string): AsyncGenerator<BeirDocument> {
  for await (const row of jsonLines(path.join(directory, 'corpus.jsonl'))) {
    const id = String(row._id ?? '');
    if (id === '') continue;
    yield { id, title: String(row.title ?? ''), text: String(row.text ?? '') };
  }
}

/**
 * Corpus document ids must be lowercase slugs of single hyphens; BEIR ids are anything ("1:7.1.3.Guidance on the
 * customer risk assessment.1."). The slug is cut to 40 characters before its edge hyphens are trimmed, so a cut never
 * leaves a hyphen next to the one before the hash. The 48-bit hash keeps the mapping one-to-one (a clash between two
 * ids is reported by `writeBeirCorpus`, never resolved by dropping a document).
 */
export function corpusIdFor(beirId: string): string {
  const slug = beirId
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 40)
    .replace(/^-+|-+$/g, '');
  const hash = createHash('sha256').update(beirId).digest('hex').slice(0, 12);
  return `beir-${slug ? `${slug}-` : ''}${hash}`;
}

/** Changes whenever `corpusIdFor` or the written document changes, so a stale corpus copy is never reused. */
export const beirCorpusFormat = '2';

/** One document as a corpus Markdown file: front matter plus the text, kept from ever reading as a heading. */
export function beirDocumentMarkdown(document: BeirDocument, datasetName: string): string {
  const frontMatter = {
    id: corpusIdFor(document.id),
    title: document.title.trim() || document.id,
    publisher: `BEIR ${datasetName}`,
    url: `https://beir.invalid/${encodeURIComponent(datasetName)}/${encodeURIComponent(document.id)}`,
    jurisdiction: 'INTL',
    type: 'guidance',
    published: '2000-01-01',
    as_of: '2000-01-01',
    language: 'en',
  };
  const body = document.text
    .split(/\r?\n/)
    // A leading '#', or a line of '=' / '-', would make a Markdown heading and split the document.
    .map((line) => (/^\s{0,3}(#|[=-]+\s*$|[-*_](\s*[-*_]){2,}\s*$)/.test(line) ? `\\${line.trimStart()}` : line))
    .join('\n');
  return `---\n${stringify(frontMatter).trim()}\n---\n\n${body.trim() || frontMatter.title}\n`;
}

/**
 * Writes the dataset's corpus as Markdown files under `corpusDirectory` (replacing what was there) and returns the
 * map from corpus document id back to BEIR id.
 */
export async function writeBeirCorpus(
  dataset: BeirDataset,
  corpusDirectory: string,
): Promise<{ documents: number; beirIdOf: Map<string, string> }> {
  await rm(corpusDirectory, { recursive: true, force: true });
  await mkdir(corpusDirectory, { recursive: true });
  const beirIdOf = new Map<string, string>();
  let documents = 0;
  for await (const document of readBeirCorpus(dataset.directory)) {
    const id = corpusIdFor(document.id);
    const earlier = beirIdOf.get(id);
    // A repeated BEIR id keeps its first document, as BEIR tools do; two different ids on one corpus id would lose one.
    if (earlier === document.id) continue;
    if (earlier !== undefined) {
      throw new AppError(
        'invalid_input',
        `corpus.jsonl: ids "${earlier}" and "${document.id}" map to one corpus id ${id}`,
      );
    }
    beirIdOf.set(id, document.id);
    // Sub-folders of 1,000 keep directories small for corpora of hundreds of thousands of documents.
    const folder = path.join(corpusDirectory, String(Math.floor(documents / 1000)).padStart(4, '0'));
    if (documents % 1000 === 0) await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, `${id}.md`), beirDocumentMarkdown(document, dataset.name));
    documents++;
  }
  return { documents, beirIdOf };
}

/** A stamp of the dataset files, so an unchanged dataset reuses its index across runs. */
export async function datasetFingerprint(directory: string, split = 'test'): Promise<string> {
  const hash = createHash('sha256').update(`format:${beirCorpusFormat}`);
  for (const file of ['corpus.jsonl', 'queries.jsonl', path.join('qrels', `${split}.tsv`)]) {
    const info = await stat(path.join(directory, file));
    hash.update(`${file}:${info.size}:${info.mtimeMs}`);
  }
  return hash.digest('hex').slice(0, 12);
}

async function* lines(file: string): AsyncGenerator<string> {
  const reader = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of reader) if (line.trim() !== '') yield line;
}

async function* jsonLines(file: string): AsyncGenerator<Record<string, unknown>> {
  let lineNumber = 0;
  for await (const line of lines(file)) {
    lineNumber++;
    try {
      yield JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new AppError('invalid_input', `${path.basename(file)} line ${lineNumber} is not JSON`);
    }
  }
}
