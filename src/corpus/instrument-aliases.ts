/**
 * The instrument names file, `instrument-aliases.yaml` at the corpus root: one entry per law, regulation, judgment or
 * other instrument the corpus names, with its canonical name, the corpus documents that hold its text or summary, the
 * other names the corpus may use (abbreviations, the Chinese title) and variants (other renderings in circulation,
 * such as "Anti-Terrorism Law" for the Counter-Terrorism Law) that resolve to it but that corpus text should only
 * quote next to the canonical name. The corpus check (check.ts) reads it; a missing file means no instruments.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { fail, ok, type Result } from '../errors.js';
import { documentIdPattern } from './front-matter.js';

export const instrumentAliasesFileName = 'instrument-aliases.yaml';

export interface Instrument {
  id: string;
  name: string;
  /** Corpus document ids whose front matter gives this instrument's dates; the first is the main text. */
  documents: string[];
  aliases: string[];
  variants: string[];
}

const names = z.array(z.union([z.string(), z.number()]).transform((value) => String(value).trim())).default([]);

const fileSchema = z.record(
  z.string().regex(documentIdPattern, 'instrument ids must be lowercase letters, digits and hyphens'),
  z.object({
    name: z.string().trim().min(1, 'name must not be empty'),
    documents: z.array(z.string().regex(documentIdPattern, 'document ids are lowercase slugs')).default([]),
    aliases: names,
    variants: names,
  }),
);

/** Parses the file's text; a name claimed by two instruments is an error, since it would not resolve to one. */
export function parseInstruments(content: string): Result<Instrument[], string[]> {
  let data: unknown;
  try {
    data = parseYaml(content);
  } catch (error) {
    return fail([`not valid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`]);
  }
  const parsed = fileSchema.safeParse(data ?? {});
  if (!parsed.success) {
    return fail(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'file'}: ${issue.message}`));
  }
  const instruments = Object.entries(parsed.data).map(([id, entry]) => ({
    id,
    name: entry.name,
    documents: entry.documents,
    aliases: entry.aliases.filter((alias) => alias !== '' && alias !== entry.name),
    variants: entry.variants.filter((variant) => variant !== ''),
  }));
  const problems: string[] = [];
  const owner = new Map<string, string>();
  for (const instrument of instruments) {
    for (const name of new Set([instrument.name, ...instrument.aliases, ...instrument.variants])) {
      const previous = owner.get(name);
      if (previous !== undefined && previous !== instrument.id) {
        problems.push(`"${name}" is listed for both ${previous} and ${instrument.id}`);
      }
      owner.set(name, instrument.id);
    }
  }
  return problems.length > 0 ? fail(problems) : ok(instruments);
}

/** Reads the instruments of a corpus; a missing file means none. */
export async function readInstruments(corpusDirectory: string): Promise<Result<Instrument[], string[]>> {
  const filePath = path.join(corpusDirectory, instrumentAliasesFileName);
  try {
    return parseInstruments(await readFile(filePath, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ok([]);
    return fail([`cannot read ${filePath}: ${(error as Error).message}`]);
  }
}
