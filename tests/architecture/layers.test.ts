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
 * Lowest first. The answer engine, its models and its stores form one layer, with the seam's types (assistant.ts)
 * they implement. `errors.ts` and `config.ts` are read by every layer and are not ranked; a top-level file not listed
 * here counts as a surface.
 */
const layers: string[][] = [
  ['text'],
  ['corpus'],
  ['index'],
  ['retrieve'],
  ['answer', 'models', 'store', 'assistant.ts'],
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

async function upwardImports(): Promise<string[]> {
  const violations: string[] = [];
  for (const file of await sourceFiles(sourceRoot)) {
    const from = path.relative(sourceRoot, file).split(path.sep).join('/');
    const fromRank = rankOf(from);
    if (fromRank === undefined) continue;
    for (const specifier of importedSpecifiers(await readFile(file, 'utf8'))) {
      const target = path
        .relative(sourceRoot, path.resolve(path.dirname(file), specifier))
        .split(path.sep)
        .join('/');
      if (target.startsWith('..')) continue;
      const targetRank = rankOf(target.replace(/\.js$/, '.ts'));
      if (targetRank !== undefined && targetRank > fromRank) violations.push(`${from} imports ${target}`);
    }
  }
  return violations;
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

  it('ranks folders in the order data flows: text, corpus, index, retrieve, answer, surfaces', () => {
    expect(rankOf('index/corpus-index.ts')! < rankOf('retrieve/hybrid-search.ts')!).toBe(true);
    expect(rankOf('retrieve/types.ts')! < rankOf('answer/engine.ts')!).toBe(true);
    expect(rankOf('answer/engine.ts')! < rankOf('server/app.ts')!).toBe(true);
    expect(rankOf('some-new-surface.ts')).toBe(surfaceRank);
  });

  it('no module imports a higher layer', async () => {
    expect(await upwardImports()).toEqual([]);
  });
});
