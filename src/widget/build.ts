/**
 * Bundles the widget (TypeScript in src/widget/) into the single `widget.js` the server serves. Runs in Node with
 * esbuild at server start or on first request, once per process; the result stays in memory with its gzip form.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export interface WidgetBundle {
  code: string;
  gzip: Buffer;
  etag: string;
  bytes: number;
  gzipBytes: number;
}

/** The size budget for the gzipped bundle. */
export const widgetSizeBudgetBytes = 40 * 1024;

const entryPoint = path.join(path.dirname(fileURLToPath(import.meta.url)), 'main.ts');

export async function buildWidget(): Promise<WidgetBundle> {
  const result = await build({
    entryPoints: [entryPoint],
    bundle: true,
    write: false,
    minify: true,
    format: 'iife',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    platform: 'browser',
    legalComments: 'none',
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.text;
  const gzip = gzipSync(code, { level: 9 });
  const etag = `"${createHash('sha256').update(code).digest('hex').slice(0, 20)}"`;
  return { code, gzip, etag, bytes: Buffer.byteLength(code), gzipBytes: gzip.length };
}

let cached: Promise<WidgetBundle> | undefined;

/** The bundle for this process, built once; a failed build is retried on the next call. */
export function widgetBundle(): Promise<WidgetBundle> {
  cached ??= buildWidget().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}
