/**
 * `npm run check-corpus`: checks the corpus folder (CORPUS_DIR) for instrument names that do not resolve, dates that
 * disagree with the instrument's own front matter, unmarked placeholder dates and unflagged site-root links (see
 * src/corpus/check.ts). Prints one `file:line: message` per finding; exit code 1 when there is any.
 */
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { checkCorpus, formatFinding } from '../corpus/check.js';
import { readArguments } from './arguments.js';

const usage = `Usage: npm run check-corpus [-- --json]

  --json     print the report as JSON on stdout`;

export async function run(config: Config, argv: string[]): Promise<number> {
  const flags = readArguments(() => {
    const { values } = parseArgs({
      args: argv,
      options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
    return values.help ? 'help' : values;
  }, usage);
  if (typeof flags === 'number') return flags;
  try {
    const report = await checkCorpus(config.corpusDir);
    if (flags.json) console.log(JSON.stringify(report, null, 2));
    else {
      for (const finding of report.findings) console.log(formatFinding(finding));
      console.error(
        `${report.documents} documents, ${report.instruments} instruments, ${report.aliases} other names, ` +
          `${report.flaggedUrls} site-root links flagged in verification notes: ${report.findings.length} findings`,
      );
    }
    return report.findings.length > 0 ? 1 : 0;
  } catch (error) {
    console.error(`Corpus check failed: ${AppError.from(error).message}`);
    return 1;
  }
}
