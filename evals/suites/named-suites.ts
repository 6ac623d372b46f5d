/**
 * The named answer suites of `npm run eval -- --suite <name>`: which questions, over which corpus, gated by which
 * thresholds file. The golden set is split into a half answer-engine changes may be tuned on and a half that is only
 * measured (evals/datasets/golden.ts `goldenHalf`); the outside sets were written by readers who never saw the golden
 * set or the engine. `outside-raw` runs over a corpus of official texts built from ../shared/sources by
 * ../shared/evals/outside/build-raw-corpus.py; when that folder is missing the suite is skipped with a message.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { fieldVocabularyFileName } from '../../src/answer/field-vocabulary.js';
import { AppError } from '../../src/errors.js';
import { goldenHalf, loadGoldenSet, type GoldenHalf, type GoldenQuestion } from '../datasets/golden.js';

const evalsDirectory = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repositoryRoot = path.resolve(evalsDirectory, '..');

export const suiteNames = ['golden', 'golden-tuning', 'golden-untuned', 'outside-shipped', 'outside-raw'] as const;
export type SuiteName = (typeof suiteNames)[number];

export interface SuiteDefinition {
  name: SuiteName;
  questionsFile: string;
  half?: GoldenHalf;
  /** `shipped` is the repository's corpus/ folder; `raw` is built from the shared official texts. */
  corpus: 'shipped' | 'raw';
  thresholdsFile: string;
}

export function suiteDefinition(name: SuiteName): SuiteDefinition {
  const golden = path.join(evalsDirectory, 'golden.jsonl');
  const goldenThresholds = path.join(evalsDirectory, 'thresholds.json');
  switch (name) {
    case 'golden':
      return { name, questionsFile: golden, corpus: 'shipped', thresholdsFile: goldenThresholds };
    case 'golden-tuning':
      return { name, questionsFile: golden, half: 'tuning', corpus: 'shipped', thresholdsFile: goldenThresholds };
    case 'golden-untuned':
      return { name, questionsFile: golden, half: 'untuned', corpus: 'shipped', thresholdsFile: goldenThresholds };
    case 'outside-shipped':
      return {
        name,
        questionsFile: path.join(evalsDirectory, 'outside', 'questions-shipped.jsonl'),
        corpus: 'shipped',
        thresholdsFile: path.join(evalsDirectory, 'outside', 'thresholds-shipped.json'),
      };
    case 'outside-raw':
      return {
        name,
        questionsFile: path.join(evalsDirectory, 'outside', 'questions-raw.jsonl'),
        corpus: 'raw',
        thresholdsFile: path.join(evalsDirectory, 'outside', 'thresholds-raw.json'),
      };
  }
}

export function isSuiteName(value: string): value is SuiteName {
  return (suiteNames as readonly string[]).includes(value);
}

export async function loadSuiteQuestions(suite: SuiteDefinition): Promise<GoldenQuestion[]> {
  const questions = await loadGoldenSet(suite.questionsFile);
  return suite.half ? goldenHalf(questions, suite.half) : questions;
}

/** The shared data folder beside the repository (SHARED_DIR overrides). */
export function sharedDirectory(): string {
  return process.env.SHARED_DIR ? path.resolve(process.env.SHARED_DIR) : path.resolve(repositoryRoot, '../shared');
}

export function rawCorpusBuilder(): { script: string; available: boolean; reason: string } {
  const shared = sharedDirectory();
  const script = path.join(shared, 'evals', 'outside', 'build-raw-corpus.py');
  const sources = path.join(shared, 'sources');
  const missing = [script, sources].filter((item) => !existsSync(item));
  return {
    script,
    available: missing.length === 0,
    reason: missing.length
      ? `the raw-texts suite needs ${missing.join(' and ')} (set SHARED_DIR to the shared folder)`
      : '',
  };
}

/** Builds the raw official-texts corpus into `directory` (emptied first); fails with a clear message when it cannot. */
export async function buildRawCorpus(directory: string): Promise<void> {
  const builder = rawCorpusBuilder();
  if (!builder.available) throw new AppError('not_configured', `Skipped: ${builder.reason}.`);
  await rm(directory, { recursive: true, force: true });
  await mkdir(directory, { recursive: true });
  try {
    await promisify(execFile)('python3', [builder.script, directory], { timeout: 120_000 });
  } catch (error) {
    throw new AppError('internal', `Building the raw corpus failed: ${(error as Error).message.split('\n')[0]}`);
  }
  // The raw texts are of the same field as the shipped corpus, so its field vocabulary (scope words, bilingual law
  // names) applies; RAW_CORPUS_VOCABULARY=none measures the raw suite without it.
  if (process.env.RAW_CORPUS_VOCABULARY !== 'none') {
    await copyFile(
      path.join(repositoryRoot, 'corpus', fieldVocabularyFileName),
      path.join(directory, fieldVocabularyFileName),
    );
  }
}
