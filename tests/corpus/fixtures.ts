/** Paths to the fixture corpus and the shipped corpus, for the corpus tests. */
import path from 'node:path';

export const fixtureCorpus = path.resolve(import.meta.dirname, '../fixtures/corpus');
export const shippedCorpus = path.resolve(import.meta.dirname, '../../corpus');
