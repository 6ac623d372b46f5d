/**
 * `npm run bench [suite] [options]`: runs every `bench/*.bench.ts` suite, or the named one, prints one table and
 * writes the rows as JSON to bench/results/ (git-ignored) with the machine details and load, so runs can be compared.
 */
import { readdir, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Config } from '../src/config.js';
import { formatNumber, passes, type BenchRow, type BenchSuite } from './suite.js';

const benchDirectory = fileURLToPath(new URL('.', import.meta.url));

export async function listSuites(): Promise<{ name: string; file: string }[]> {
  const files = (await readdir(benchDirectory)).filter((name) => /\.bench\.[cm]?[jt]s$/.test(name)).sort();
  return files.map((file) => ({
    name: file.replace(/\.bench\.[cm]?[jt]s$/, ''),
    file: path.join(benchDirectory, file),
  }));
}

function targetText(target: NonNullable<BenchRow['target']>): string {
  const bounds = [
    target.max !== undefined ? `<= ${target.max}` : '',
    target.min !== undefined ? `>= ${target.min}` : '',
    target.maxRatio !== undefined ? `ratio <= ${target.maxRatio}` : '',
    target.minRatio !== undefined ? `ratio >= ${target.minRatio}` : '',
  ];
  return bounds.filter(Boolean).join(', ');
}

export function formatTable(suiteName: string, rows: BenchRow[]): string {
  const header = ['suite', 'scenario', 'metric', 'value', 'peer', 'peer value', 'ratio', 'target'];
  const body = rows.map((row) => {
    const verdict = passes(row);
    const target = row.target ? `${targetText(row.target)} ${verdict ? 'ok' : 'MISSED'}` : '';
    return [
      suiteName,
      row.scenario,
      row.metric,
      `${formatNumber(row.value)} ${row.unit}`,
      row.peer?.name ?? '',
      row.peer ? `${formatNumber(row.peer.value)} ${row.unit}` : '',
      row.peer && row.peer.value !== 0 ? `${(row.value / row.peer.value).toFixed(2)}x` : '',
      target,
    ];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

export async function run(config: Config, argv: string[]): Promise<number> {
  const suites = await listSuites();
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(
      [
        'Usage: npm run bench [-- suite] [suite options]',
        '',
        'Suites:',
        ...suites.map((suite) => `  ${suite.name}`),
        '',
        'Each suite documents its options at the top of bench/<suite>.bench.ts.',
      ].join('\n'),
    );
    return 0;
  }
  const requested = argv[0] && !argv[0].startsWith('-') ? argv[0] : undefined;
  const selected = requested ? suites.filter((suite) => suite.name === requested) : suites;
  if (selected.length === 0) {
    console.error(`Unknown benchmark suite "${requested}". Suites: ${suites.map((suite) => suite.name).join(', ')}`);
    return 2;
  }
  const suiteArguments = requested ? argv.slice(1) : argv;
  const results: { suite: string; rows: BenchRow[]; notes: string[]; seconds: number }[] = [];
  const loadBefore = os.loadavg();
  let failed = false;
  for (const entry of selected) {
    const { suite } = (await import(pathToFileURL(entry.file).href)) as { suite: BenchSuite };
    console.error(`\n== ${suite.name}: ${suite.description}`);
    const started = performance.now();
    try {
      const result = await suite.run({
        config,
        argv: suiteArguments,
        log: (message) => console.error(`   ${message}`),
      });
      const seconds = (performance.now() - started) / 1000;
      results.push({ suite: suite.name, rows: result.rows, notes: result.notes ?? [], seconds });
      console.log(`\n${formatTable(suite.name, result.rows)}`);
      for (const note of result.notes ?? []) console.log(`  note: ${note}`);
    } catch (error) {
      failed = true;
      console.error(`${suite.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
    }
  }
  const report = {
    startedAt: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      loadBefore,
      loadAfter: os.loadavg(),
    },
    embeddingModel: config.embeddingModel,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    suites: results,
  };
  const resultsDirectory = path.join(benchDirectory, 'results');
  await mkdir(resultsDirectory, { recursive: true });
  const file = path.join(resultsDirectory, `${report.startedAt.replace(/[:.]/g, '-')}-${requested ?? 'all'}.json`);
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(
    `\nprocess peak RSS ${report.peakRssMb.toFixed(0)} MB; results written to ${path.relative(process.cwd(), file)}`,
  );
  return failed ? 1 : 0;
}
