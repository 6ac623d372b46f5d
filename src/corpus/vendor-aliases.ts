/**
 * The vendor aliases file, `vendor-aliases.yaml` at the corpus root: vendor id → display name and other names
 * (English, Chinese, former and product names). Read here because documents refer to these ids; the search-side
 * helpers (resolve, query expansion) live in src/retrieve/aliases.ts.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { documentIdPattern } from './front-matter.js';

export const vendorAliasesFileName = 'vendor-aliases.yaml';

export interface Vendor {
  id: string;
  name: string;
  aliases: string[];
}

const aliasName = z.union([z.string(), z.number()]).transform((value) => String(value).trim());

const fileSchema = z.record(
  z.string().regex(documentIdPattern, 'vendor ids must be lowercase letters, digits and hyphens'),
  z.object({
    name: z.string().trim().min(1, 'name must not be empty'),
    aliases: z.array(aliasName).default([]),
  }),
);

/** Folds case, width and spacing so "ALIYUN", "Aliyun" and "aliyun" compare equal. */
export function normalizeVendorName(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Reads the vendors of a corpus. A missing file means no vendors; an invalid one is a configuration error naming
 * the file, including a name claimed by two vendors (resolution would be ambiguous).
 */
export async function readVendors(corpusDirectory: string): Promise<Vendor[]> {
  const filePath = path.join(corpusDirectory, vendorAliasesFileName);
  let content: string;
  try {
    content = await readFile(filePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new AppError('invalid_config', `cannot read ${filePath}: ${(error as Error).message}`, { cause: error });
  }
  let data: unknown;
  try {
    data = parseYaml(content);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new AppError('invalid_config', `${filePath} is not valid YAML: ${message}`, { cause: error });
  }
  const parsed = fileSchema.safeParse(data ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'file'}: ${issue.message}`);
    throw new AppError('invalid_config', `${filePath} is invalid: ${problems.join('; ')}`, {
      details: { file: filePath, problems },
    });
  }
  const vendors = Object.entries(parsed.data).map(([id, entry]) => ({
    id,
    name: entry.name,
    aliases: [...new Set(entry.aliases.filter((alias) => alias !== '' && alias !== entry.name))],
  }));
  const owner = new Map<string, string>();
  for (const vendor of vendors) {
    for (const name of [vendor.id, vendor.name, ...vendor.aliases]) {
      const key = normalizeVendorName(name);
      const previous = owner.get(key);
      if (previous !== undefined && previous !== vendor.id) {
        throw new AppError(
          'invalid_config',
          `${filePath} is invalid: "${name}" is listed for both ${previous} and ${vendor.id}`,
          { details: { file: filePath } },
        );
      }
      owner.set(key, vendor.id);
    }
  }
  return vendors;
}
