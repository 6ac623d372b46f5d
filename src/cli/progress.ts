/**
 * Progress for long CLI jobs: a bar on a terminal, one-line JSON every few seconds otherwise (logs stay readable in CI).
 */
import cliProgress from 'cli-progress';
import type { IngestSummary } from '../assistant.js';

export interface ProgressReporter {
  update: (event: { done: number; total: number; path?: string }) => void;
  stop: () => void;
}

export function progressReporter(label: string, stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} {bar} {percentage}% | {value}/{total} | ETA {eta_formatted} | {path}`,
        stream,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update: ({ done, total, path }) => {
        if (!started) {
          bar.start(total, done, { path: path ?? '' });
          started = true;
        }
        bar.setTotal(total);
        bar.update(done, { path: path ?? '' });
      },
      stop: () => {
        if (started) bar.stop();
      },
    };
  }
  let lastPrinted = 0;
  const startedAt = Date.now();
  return {
    update: ({ done, total }) => {
      const now = Date.now();
      if (now - lastPrinted < 2_000 && done < total) return;
      lastPrinted = now;
      const elapsedSeconds = (now - startedAt) / 1000;
      const etaSeconds = done > 0 ? Math.round((elapsedSeconds / done) * (total - done)) : undefined;
      stream.write(
        JSON.stringify({
          progress: label.toLowerCase(),
          done,
          total,
          elapsedSeconds: Math.round(elapsedSeconds),
          etaSeconds,
        }) + '\n',
      );
    },
    stop: () => {},
  };
}

export function printIngestSummary(summary: IngestSummary, log: (line: string) => void = console.log): void {
  log(
    `Indexed ${summary.documents} documents into ${summary.passages} passages in ${(summary.durationMs / 1000).toFixed(1)} s ` +
      `(added ${summary.added}, updated ${summary.updated}, removed ${summary.removed}, unchanged ${summary.skipped}, failed ${summary.failed.length}).`,
  );
  for (const problem of summary.failed) log(`  could not read ${problem.path}: ${problem.reason}`);
  log(`Corpus version ${summary.corpusVersion}.`);
}
