/**
 * Guesses how a CSV file is written from its first lines: the delimiter (comma, semicolon, tab or pipe: Excel in a
 * European locale writes semicolons) and the quote character. The delimiter chosen is the one that splits the most
 * lines into the same number of fields, so a title line above the header does not decide it.
 */
export const delimiterNames = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' } as const;
export type Delimiter = keyof typeof delimiterNames;
const candidates = Object.keys(delimiterNames) as Delimiter[];

const sampleLines = 30;

export interface CsvDialect {
  delimiter: Delimiter;
  quote: '"' | "'";
}

export function sniffDialect(sample: string, complete: boolean): CsvDialect {
  const quote = sniffQuote(sample);
  return { delimiter: sniffDelimiter(sample, quote, complete), quote };
}

function sniffQuote(sample: string): '"' | "'" {
  if (sample.includes('"')) return '"';
  // Single quotes count only when they wrap whole fields, so apostrophes in text ("vendor's") do not.
  return /(^|[,;\t|])'[^'\n]*'(?=[,;\t|]|\r?\n|$)/m.test(sample) ? "'" : '"';
}

function sniffDelimiter(sample: string, quote: string, complete: boolean): Delimiter {
  const lines = fieldSeparatorCounts(sample, quote);
  // The last line of a cut sample may be cut too.
  if (!complete && lines.length > 1) lines.pop();
  let best: { delimiter: Delimiter; lines: number; fields: number } = { delimiter: ',', lines: 0, fields: 0 };
  for (const delimiter of candidates) {
    const counts = lines.map((line) => line.get(delimiter) ?? 0).filter((count) => count > 0);
    if (counts.length === 0) continue;
    const mode = mostCommon(counts);
    const agreeing = counts.filter((count) => count === mode).length;
    if (agreeing > best.lines || (agreeing === best.lines && mode > best.fields)) {
      best = { delimiter, lines: agreeing, fields: mode };
    }
  }
  return best.delimiter;
}

/** Per logical line (newlines inside quotes do not end one), how often each candidate occurs outside quotes. */
function fieldSeparatorCounts(sample: string, quote: string): Map<string, number>[] {
  const lines: Map<string, number>[] = [];
  let current = new Map<string, number>();
  let quoted = false;
  let empty = true;
  for (const character of sample) {
    if (character === quote) {
      quoted = !quoted;
      empty = false;
    } else if (!quoted && (character === '\n' || character === '\r')) {
      if (!empty) lines.push(current);
      if (lines.length >= sampleLines) return lines;
      current = new Map();
      empty = true;
    } else {
      empty = false;
      if (!quoted && (candidates as string[]).includes(character)) {
        current.set(character, (current.get(character) ?? 0) + 1);
      }
    }
  }
  if (!empty) lines.push(current);
  return lines;
}

function mostCommon(values: number[]): number {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]![0];
}
