/**
 * The shipped corpus and the golden set are content, and content has a contract too: every file parses with the
 * required fields (ids unique, vendors known), URLs are well-formed, and every passage the golden set expects exists.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { chunkDocument } from '../../src/corpus/chunk.js';
import { readCorpus } from '../../src/corpus/read-corpus.js';
import type { CorpusDocument, Passage } from '../../src/corpus/types.js';

const corpusDirectory = path.resolve('corpus');

interface GoldenQuestion {
  id: string;
  question: string;
  category: string;
  style: string;
  expected_status: string;
  expected_passages: string[];
  key_facts: string[];
  filters?: { vendor?: string };
}

let documents: CorpusDocument[];
let passages: Map<string, Passage>;
let golden: GoldenQuestion[];

beforeAll(async () => {
  const corpus = await readCorpus(corpusDirectory);
  expect(corpus.problems).toEqual([]);
  documents = corpus.documents;
  passages = new Map(documents.flatMap((document) => chunkDocument(document)).map((passage) => [passage.id, passage]));
  golden = (await readFile('evals/golden.jsonl', 'utf8'))
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as GoldenQuestion);
});

describe('the shipped corpus', () => {
  it('has at least 60 documents and 600 passages', () => {
    expect(documents.length).toBeGreaterThanOrEqual(60);
    expect(passages.size).toBeGreaterThanOrEqual(600);
  });

  it('gives every document the required front matter', () => {
    for (const { metadata, sourcePath } of documents) {
      expect.soft(metadata.id, sourcePath).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      for (const field of ['title', 'publisher', 'url', 'jurisdiction', 'type', 'published', 'asOf', 'language'] as const) {
        expect.soft(metadata[field], `${sourcePath}: ${field}`).not.toBe('');
      }
      expect.soft(metadata.published, sourcePath).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('gives every document a well-formed http(s) URL', () => {
    for (const { metadata, sourcePath } of documents) {
      const url = new URL(metadata.url);
      expect.soft(['http:', 'https:'], sourcePath).toContain(url.protocol);
      expect.soft(url.hostname, sourcePath).toMatch(/\.[a-z]{2,}$/);
    }
  });

  // Unique ids and known vendor ids are readCorpus's own checks: the `problems` asserted empty above.
  it('tags every vendor profile with its vendor', () => {
    for (const { metadata } of documents) {
      if (metadata.type === 'vendor') expect.soft(metadata.vendors.length, metadata.id).toBeGreaterThan(0);
    }
  });

  it('carries Chinese official text that can be cited', () => {
    expect(documents.some((document) => document.metadata.language === 'zh')).toBe(true);
  });
});

describe('the golden set', () => {
  it('meets the counts per category', () => {
    const count = (category: string) => golden.filter((question) => question.category === category).length;
    expect(golden.length).toBeGreaterThanOrEqual(150);
    expect(count('answerable') + count('multi_hop')).toBeGreaterThanOrEqual(100);
    expect(count('unanswerable')).toBeGreaterThanOrEqual(25);
    expect(count('off_topic')).toBeGreaterThanOrEqual(10);
    expect(count('adversarial')).toBeGreaterThanOrEqual(10);
    expect(new Set(golden.map((question) => question.id)).size).toBe(golden.length);
  });

  it('expects only passages that exist after ingest', () => {
    const missing = golden.flatMap((question) =>
      question.expected_passages.filter((id) => !passages.has(id)).map((id) => `${question.id}: ${id}`),
    );
    expect(missing).toEqual([]);
  });

  it('names key facts that appear verbatim in an expected passage', () => {
    for (const question of golden.filter((item) => item.expected_passages.length > 0)) {
      const text = question.expected_passages.map((id) => passages.get(id)?.text ?? '').join('\n').toLowerCase();
      for (const fact of question.key_facts) expect.soft(text, `${question.id}: ${fact}`).toContain(fact.toLowerCase());
    }
  });

  it('uses multi-hop questions that really span two documents', () => {
    for (const question of golden.filter((item) => item.category === 'multi_hop')) {
      const documentIds = new Set(question.expected_passages.map((id) => id.split('#')[0]));
      expect.soft(documentIds.size, question.id).toBeGreaterThanOrEqual(2);
    }
  });
});
