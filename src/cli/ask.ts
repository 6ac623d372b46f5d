/**
 * `npm run ask -- "question"`: streams a cited answer in the terminal, then the numbered sources with their quotes,
 * any sentence the verifier could not support, and the permalink id. Indexes the corpus first when it changed.
 */
import { readArguments } from './arguments.js';
import { parseArgs } from 'node:util';
import type { AnswerRecord } from '../answer/record.js';
import type { AskOptions } from '../assistant.js';
import type { Config } from '../config.js';
import { filterOptions, filtersFromFlags, filterUsage } from './filter-flags.js';
import { openReadyAssistant } from './ready-assistant.js';
import { AppError } from '../errors.js';

const usage = `Usage: npm run ask -- "question" [options]

  -k, --k <n>             passages shown to the model (default 12)
  --model <id>            local | openai:<model> (default: ANSWER_MODEL)
${filterUsage}
  --json                  print the answer record as JSON instead of streaming text`;

export function parseAskArguments(argv: string[]): { question: string; options: AskOptions; json: boolean } | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      k: { type: 'string', short: 'k' },
      model: { type: 'string' },
      ...filterOptions,
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const question = positionals.join(' ').trim();
  if (question === '') throw new Error('Give a question, e.g. npm run ask -- "Is Alibaba Cloud a security risk?"');
  const k = values.k === undefined ? undefined : Number(values.k);
  if (k !== undefined && (!Number.isInteger(k) || k < 1 || k > 30)) throw new Error('--k must be a whole number 1-30');
  const filters = filtersFromFlags(values);
  return {
    question,
    json: values.json ?? false,
    options: {
      k,
      model: values.model,
      surface: 'cli',
      filters,
    },
  };
}

/** The sources block printed under an answer. */
export function formatSources(record: AnswerRecord): string {
  const lines: string[] = [];
  if (record.status !== 'answered') {
    if (record.closestPassages.length > 0) {
      lines.push('', 'What the corpus does have:');
      for (const passage of record.closestPassages) {
        lines.push(`  - ${passage.title} › ${passage.heading}${passage.published ? ` (${passage.published})` : ''}`);
        lines.push(`    ${passage.url}`);
      }
    }
  } else {
    lines.push('', 'Sources:');
    for (const citation of record.citations) {
      const meta = [citation.publisher, citation.dateLine || citation.published].filter(Boolean).join(', ');
      lines.push(
        `  [${citation.n}] ${citation.title} › ${citation.heading.split(' › ').slice(1).join(' › ') || citation.heading}`,
      );
      lines.push(`      ${meta}${meta ? ' · ' : ''}${citation.url}`);
      lines.push(`      "${citation.quote.replace(/\s+/g, ' ')}"`);
    }
  }
  const unsupported = record.sentences.filter((sentence) => !sentence.supported);
  if (unsupported.length > 0) {
    lines.push('', 'Not supported by the cited passages:');
    for (const sentence of unsupported) lines.push(`  ! ${sentence.text}`);
  }
  if (record.fallback)
    lines.push('', `Note: ${record.fallback.from} failed (${record.fallback.reason}); answered with the local model.`);
  lines.push(
    '',
    `${record.status} · ${record.model} · answer id ${record.id} · ${Math.round(record.timings.totalMs)} ms`,
  );
  return lines.join('\n');
}

export async function run(config: Config, argv: string[]): Promise<number> {
  const parsed = readArguments(() => parseAskArguments(argv), usage);
  if (typeof parsed === 'number') return parsed;

  const assistant = await openReadyAssistant(config, (line) => process.stderr.write(`${line}\n`));
  try {
    if (parsed.json) {
      console.log(JSON.stringify(await assistant.ask(parsed.question, parsed.options), null, 2));
      return 0;
    }
    const stream = assistant.askStream(parsed.question, parsed.options);
    for await (const event of stream) {
      if (event.type === 'text-delta') process.stdout.write(event.delta);
      else if (event.type === 'answer') process.stdout.write(`\n${formatSources(event.record)}\n`);
    }
    const record = await stream.record;
    return record.status === 'error' ? 1 : 0;
  } catch (error) {
    const appError = AppError.from(error);
    console.error(`\nAsk failed (${appError.code}): ${appError.message}`);
    return appError.code === 'invalid_input' ? 2 : 1;
  } finally {
    await assistant.close();
  }
}
