/**
 * On-disk cache of LLM judge verdicts, one JSON Lines file per judge model under the data folder, so re-running an
 * evaluation costs nothing for claims already judged. The key covers the judge prompt version, the claim and the
 * exact evidence text, so any change to either asks again.
 */
import { createHash } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SupportVerdict } from './support-judge.js';

export interface VerdictCache {
  get(key: string): SupportVerdict | undefined;
  set(key: string, verdict: SupportVerdict): Promise<void>;
  readonly file: string;
  readonly size: number;
}

export function verdictKey(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

export async function openVerdictCache(directory: string, model: string): Promise<VerdictCache> {
  await mkdir(directory, { recursive: true });
  const file = path.join(directory, `${model.replace(/[^a-zA-Z0-9.-]+/g, '_')}.jsonl`);
  const entries = new Map<string, SupportVerdict>();
  const text = await readFile(file, 'utf8').catch(() => '');
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const entry = JSON.parse(line) as { key: string; verdict: SupportVerdict };
      if (typeof entry.key === 'string' && typeof entry.verdict?.supported === 'boolean')
        entries.set(entry.key, entry.verdict);
    } catch {
      // A line cut short by an interrupted run is skipped; the claim is simply judged again.
    }
  }
  return {
    file,
    get size() {
      return entries.size;
    },
    get: (key) => entries.get(key),
    async set(key, verdict) {
      entries.set(key, verdict);
      await appendFile(file, `${JSON.stringify({ key, verdict })}\n`);
    },
  };
}
