/**
 * Imports point one way: a module may import its own layer or a lower one, never a higher one (ARCHITECTURE.md).
 * Every import and export-from in src/ is read, type-only ones included, since a type pulled from a higher layer ties
 * the layers as surely as a value does.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const sourceRoot = path.resolve('src');

/**
 * Lowest first. The models (models/: the local provider, OpenAI, the resilient wrapper) sit below the answer engine
 * that drives them: they are given passages, they never reach into the engine. The engine and its stores form one
 * layer, with the seam's types (assistant.ts) they implement. `errors.ts` and `config.ts` are read by every layer and
 * are not ranked; a top-level file not listed here counts as a surface.
 */
const layers: string[][] = [
  ['text'],
  ['corpus'],
  ['index'],
  ['retrieve'],
  ['models'],
  ['answer', 'store', 'assistant.ts'],
  ['server', 'slack', 'batch', 'widget', 'cli', 'create-assistant.ts', 'main.ts'],
];
const unranked = new Set(['errors.ts', 'config.ts']);
const surfaceRank = layers.length - 1;

/** Rank of a file under src/ by its first path segment (a folder, or the file itself at the top). */
function rankOf(relativePath: string): number | undefined {
  const segment = relativePath.split('/')[0]!;
  if (unranked.has(segment)) return undefined;
  const rank = layers.findIndex((layer) => layer.includes(segment));
  return rank === -1 ? surfaceRank : rank;
}

async function sourceFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

const importPattern = /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/g;

/** Relative specifiers of every static import and export-from in a source text. */
export function importedSpecifiers(source: string): string[] {
  return [...source.matchAll(importPattern)].map((match) => match[1]!).filter((specifier) => specifier.startsWith('.'));
}

/** Every relative import in src/: the importing file and the imported one, both relative to src/ (`.ts`). */
async function sourceImports(): Promise<{ from: string; target: string }[]> {
  const imports: { from: string; target: string }[] = [];
  for (const file of await sourceFiles(sourceRoot)) {
    const from = path.relative(sourceRoot, file).split(path.sep).join('/');
    for (const specifier of importedSpecifiers(await readFile(file, 'utf8'))) {
      const target = path
        .relative(sourceRoot, path.resolve(path.dirname(file), specifier))
        .split(path.sep)
        .join('/')
        .replace(/\.js$/, '.ts');
      if (!target.startsWith('..')) imports.push({ from, target });
    }
  }
  return imports;
}

async function upwardImports(): Promise<string[]> {
  return (await sourceImports())
    .filter(({ from, target }) => {
      const fromRank = rankOf(from);
      const targetRank = rankOf(target);
      return fromRank !== undefined && targetRank !== undefined && targetRank > fromRank;
    })
    .map(({ from, target }) => `${from} imports ${target}`);
}

/** The local model is a provider of its own: fed passages as data, it reads only the shared text module and itself. */
async function localModelImportsOutside(): Promise<string[]> {
  return (await sourceImports())
    .filter(({ from, target }) => from.startsWith('models/local/') && !/^(?:models\/local|text)\//.test(target))
    .map(({ from, target }) => `${from} imports ${target}`);
}

describe('layers', () => {
  it('reads imports, exports-from and type-only imports, multi-line ones included', () => {
    const source = [
      "import { a } from './a.js';",
      "import type {\n  B,\n  C,\n} from '../b/c.js';",
      "export { d } from './d.js';",
      "export type { E } from '../e.js';",
      "import './side-effect.js';",
      "import { z } from 'zod';",
      'const text = \'import { x } from "./not-at-line-start.js"\';',
    ].join('\n');
    expect(importedSpecifiers(source)).toEqual(['./a.js', '../b/c.js', './d.js', '../e.js', './side-effect.js']);
  });

  it('ranks folders in the order data flows: text, corpus, index, retrieve, models, answer, surfaces', () => {
    expect(rankOf('text/terms.ts')! < rankOf('corpus/chunk.ts')!).toBe(true);
    expect(rankOf('corpus/chunk.ts')! < rankOf('index/corpus-index.ts')!).toBe(true);
    expect(rankOf('index/corpus-index.ts')! < rankOf('retrieve/hybrid-search.ts')!).toBe(true);
    expect(rankOf('retrieve/types.ts')! < rankOf('models/language-model.ts')!).toBe(true);
    expect(rankOf('models/local/extractive-model.ts')! < rankOf('answer/engine.ts')!).toBe(true);
    expect(rankOf('answer/engine.ts')! < rankOf('server/app.ts')!).toBe(true);
    expect(rankOf('some-new-surface.ts')).toBe(surfaceRank);
  });

  it('no module imports a higher layer', async () => {
    expect(await upwardImports()).toEqual([]);
  });

  it('the local model imports only the shared text module and its own files', async () => {
    expect(await localModelImportsOutside()).toEqual([]);
  });
});
