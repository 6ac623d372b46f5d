/**
 * The retrieval filter flags `ask` and `search` share (`--jurisdiction`, `--type`, `--vendor`, `--from`, `--to`):
 * their `parseArgs` option specs, their usage lines, and their reading into `SearchFilters`, checked before any
 * index is opened so a typo is a usage error.
 */
import { documentTypes, type DocumentType } from '../corpus/types.js';
import type { SearchFilters } from '../retrieve/types.js';

export const filterOptions = {
  jurisdiction: { type: 'string' },
  type: { type: 'string' },
  vendor: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
} as const;

export const filterUsage = `  --jurisdiction <list>   e.g. PRC,EU
  --type <list>           ${documentTypes.join(' | ')} (comma-separated)
  --vendor <list>         vendor ids or any alias, e.g. Aliyun
  --from <YYYY-MM-DD>     published on or after
  --to <YYYY-MM-DD>       published on or before`;

export interface FilterFlags {
  jurisdiction?: string;
  type?: string;
  vendor?: string;
  from?: string;
  to?: string;
}

/** Throws a usage error (an `Error` with the message to print) for an unknown type or a malformed date. */
export function filtersFromFlags(values: FilterFlags): SearchFilters {
  const types = list(values.type);
  const unknownType = types?.find((type) => !(documentTypes as readonly string[]).includes(type));
  if (unknownType) throw new Error(`--type ${unknownType} is not one of ${documentTypes.join(', ')}`);
  for (const [name, value] of [
    ['--from', values.from],
    ['--to', values.to],
  ] as const) {
    if (value !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new Error(`${name} must be a date YYYY-MM-DD`);
  }
  return {
    jurisdiction: list(values.jurisdiction),
    type: types as DocumentType[] | undefined,
    vendor: list(values.vendor),
    publishedFrom: values.from,
    publishedTo: values.to,
  };
}

function list(value: string | undefined): string[] | undefined {
  return value
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}
