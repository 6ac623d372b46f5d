/**
 * Command-line entry: `serve` (default) | `ingest` | `check-corpus` | `search` | `ask` | `batch` | `eval` | `bench`.
 * The only module that reads `process.env` and argv; everything else receives a validated `Config`.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { formatConfigProblems, loadConfig, type Config } from './config.js';

interface CommandModule {
  run(config: Config, argv: string[]): Promise<number>;
}

// Commands load lazily so that, for example, `npm run search` does not start the server's dependencies.
const commands: Record<string, { module: string; summary: string }> = {
  serve: { module: './cli/serve.js', summary: 'serve the assistant over HTTP (indexes the corpus when it changed)' },
  ingest: { module: './cli/ingest.js', summary: 'index the corpus (incremental)' },
  'check-corpus': {
    module: './cli/check-corpus.js',
    summary: 'check corpus names, dates and links against each other',
  },
  search: { module: './cli/search.js', summary: 'search passages: search "query"' },
  ask: { module: './cli/ask.js', summary: 'answer a question with citations: ask "question"' },
  batch: { module: './cli/batch.js', summary: 'answer a CSV of questions: batch questions.csv -o answers.csv' },
  eval: { module: '../evals/run.js', summary: 'run the evaluation suite' },
  bench: { module: '../bench/index.js', summary: 'run the benchmarks' },
};

/** Global flags that set config values; each maps to the environment variable of the same meaning. */
const configFlags: Record<string, string> = {
  '--port': 'PORT',
  '--host': 'HOST',
  '--data-dir': 'DATA_DIR',
  '--corpus-dir': 'CORPUS_DIR',
  '--lancedb-uri': 'LANCEDB_URI',
  '--embedding-model': 'EMBEDDING_MODEL',
  '--answer-model': 'ANSWER_MODEL',
  '--log-level': 'LOG_LEVEL',
};

export function parseArguments(argv: string[]): { command: string; overrides: Record<string, string>; rest: string[] } {
  const overrides: Record<string, string> = {};
  const rest: string[] = [];
  let command: string | undefined;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index]!;
    const [flag, inlineValue] = argument.split(/=(.*)/s, 2) as [string, string | undefined];
    const variable = configFlags[flag];
    if (variable) {
      const value = inlineValue ?? argv[++index];
      if (value === undefined) throw new Error(`${flag} needs a value`);
      overrides[variable] = value;
    } else if (command === undefined && !argument.startsWith('-') && argument in commands) {
      command = argument;
    } else {
      rest.push(argument);
    }
  }
  return { command: command ?? 'serve', overrides, rest };
}

function usage(): string {
  return [
    'Usage: tsx src/main.ts [command] [options]',
    '',
    'Commands:',
    ...Object.entries(commands).map(([name, { summary }]) => `  ${name.padEnd(8)} ${summary}`),
    '',
    'Config flags (override environment variables): ' + Object.keys(configFlags).join(', '),
  ].join('\n');
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') && argv.length === 1) {
    console.log(usage());
    return 0;
  }
  let parsed: ReturnType<typeof parseArguments>;
  try {
    parsed = parseArguments(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage()}`);
    return 2;
  }
  const result = loadConfig(process.env, parsed.overrides);
  if (!result.ok) {
    console.error(formatConfigProblems(result.problems));
    return 1;
  }
  const entry = commands[parsed.command]!;
  const commandModule = (await import(entry.module)) as CommandModule;
  return commandModule.run(result.config, parsed.rest);
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exitCode = 1;
    },
  );
}
