/**
 * YAML front matter: finding it at the top of a file, and validating its fields (docs/corpus-format.md). Markdown
 * requires the full set; plain text, HTML and PDF metadata may be partial and are completed with fallbacks from the
 * file itself. Every field problem is reported, not only the first.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { fail, ok, type Result } from '../errors.js';
import { documentTypes, type DocumentMetadata, type DocumentType, type SourceDates } from './types.js';

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const isoDate = z.preprocess(
  // YAML 1.1 parsers turn 2021-08-20 into a Date; accept it as the date it names.
  (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value),
  z.string().refine(isCalendarDate, 'must be a real date written YYYY-MM-DD'),
);

const text = z.string().trim().min(1, 'must not be empty');

/** One date or a list of dates (`amended: [2018-04-27, 2025-10-28]`), always read as a list. */
const isoDates = z.preprocess((value) => (Array.isArray(value) ? value : [value]), z.array(isoDate));

/** The front-matter date fields, in the order a source's life runs through them. */
export const dateFields = [
  'adopted',
  'promulgated',
  'signed',
  'published',
  'in_force',
  'applies_from',
  'amended',
  'repealed',
] as const;
export type DateField = (typeof dateFields)[number];

export const documentIdPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const frontMatterSchema = z.object({
  id: z.string().regex(documentIdPattern, 'must be lowercase letters, digits and single hyphens (e.g. pipl-2021)'),
  title: text,
  short_title: text.optional(),
  publisher: text,
  url: z.url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL' }),
  jurisdiction: z.string().regex(/^[A-Z]{2,5}$/, 'must be an upper-case code such as PRC, EU, US or INTL'),
  type: z.enum(documentTypes, { message: `must be one of ${documentTypes.join(', ')}` }),
  published: isoDate,
  as_of: isoDate,
  adopted: isoDate.optional(),
  promulgated: isoDate.optional(),
  signed: isoDate.optional(),
  in_force: isoDate.optional(),
  applies_from: isoDates.optional(),
  amended: isoDates.optional(),
  repealed: isoDate.optional(),
  superseded_by: text.optional(),
  unconfirmed_dates: z
    .array(z.enum(dateFields, { message: `must name date fields: ${dateFields.join(', ')}` }))
    .optional(),
  vendors: z
    .array(z.string().regex(documentIdPattern, 'vendor ids are lowercase slugs from vendor-aliases.yaml'))
    .default([]),
  language: z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]+)*$/, 'must be a language code such as en or zh'),
  status: z.enum(['in_force', 'amended', 'superseded', 'repealed', 'proposed', 'reported']).optional(),
  verification: z.string().optional(),
});

export type FrontMatter = z.infer<typeof frontMatterSchema>;

/** A placeholder flag must name a date the front matter actually gives. */
function unconfirmedDatesGiven(fields: Partial<FrontMatter>): string | undefined {
  const missing = (fields.unconfirmed_dates ?? []).filter((field) => fields[field] === undefined);
  return missing.length > 0 ? `unconfirmed_dates names ${missing.join(', ')}, which the front matter does not give` : undefined;
}

/** The same fields, all optional: for formats where metadata is a bonus. */
export const partialFrontMatterSchema = frontMatterSchema.partial();

export interface FrontMatterBlock {
  /** Parsed YAML, or undefined when the file has no front matter. */
  data: unknown;
  /** Offset where the body starts (after the closing `---` line). */
  bodyStart: number;
}

/** Finds and parses a leading `---` ... `---` block. Text must already use \n line endings. */
export function extractFrontMatter(content: string): Result<FrontMatterBlock, string> {
  if (!/^---[ \t]*\n/.test(content)) return ok({ data: undefined, bodyStart: 0 });
  const closing = /^(?:---|\.\.\.)[ \t]*$/m;
  const afterOpening = content.indexOf('\n') + 1;
  const rest = content.slice(afterOpening);
  const match = closing.exec(rest);
  if (!match) return fail('front matter is not closed: add a line with --- after the fields');
  let bodyStart = afterOpening + match.index + match[0].length;
  if (content[bodyStart] === '\n') bodyStart++;
  try {
    const data: unknown = parseYaml(rest.slice(0, match.index));
    if (data !== null && data !== undefined && (typeof data !== 'object' || Array.isArray(data))) {
      return fail('front matter must be a YAML mapping of field: value');
    }
    return ok({ data: data ?? {}, bodyStart });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return fail(`front matter is not valid YAML: ${message}`);
  }
}

function describeIssues(error: z.ZodError, data: unknown): string {
  const fields = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  return error.issues
    .map((issue) => {
      const field = issue.path.map(String).join('.') || 'front matter';
      const missing = issue.path.length === 1 && fields[String(issue.path[0])] == null;
      return `${field} ${missing ? 'is required' : issue.message}`;
    })
    .join('; ');
}

/** Validates complete front matter (Markdown) into document metadata. */
export function validateFrontMatter(data: unknown): Result<DocumentMetadata, string> {
  if (data === undefined) {
    return fail(
      'missing front matter: start the file with a --- block giving id, title, publisher, url, jurisdiction, type, published, as_of and language',
    );
  }
  const parsed = frontMatterSchema.safeParse(data);
  if (!parsed.success) return fail(`invalid front matter: ${describeIssues(parsed.error, data)}`);
  const unconfirmed = unconfirmedDatesGiven(parsed.data);
  if (unconfirmed) return fail(`invalid front matter: ${unconfirmed}`);
  return ok(toMetadata(parsed.data));
}

export interface MetadataFallbacks {
  id: string;
  title: string;
  language: string;
  publisher?: string;
  url?: string;
  published?: string;
}

/**
 * Fallback type for files that say nothing about themselves: "guidance" is the least specific of the types, so such
 * files are neither ranked nor filtered as binding law or as news.
 */
export const fallbackDocumentType: DocumentType = 'guidance';

/** Validates optional metadata (plain text, HTML, PDF) and completes it with fallbacks taken from the file. */
export function validatePartialFrontMatter(
  data: unknown,
  fallbacks: MetadataFallbacks,
): Result<DocumentMetadata, string> {
  const parsed = partialFrontMatterSchema.safeParse(data ?? {});
  if (!parsed.success) return fail(`invalid metadata: ${describeIssues(parsed.error, data)}`);
  const fields = parsed.data;
  const unconfirmed = unconfirmedDatesGiven(fields);
  if (unconfirmed) return fail(`invalid metadata: ${unconfirmed}`);
  return ok(
    toMetadata({
      ...fields,
      id: fields.id ?? fallbacks.id,
      title: fields.title ?? fallbacks.title,
      publisher: fields.publisher ?? fallbacks.publisher ?? '',
      url: fields.url ?? fallbacks.url ?? '',
      jurisdiction: fields.jurisdiction ?? '',
      type: fields.type ?? fallbackDocumentType,
      published: fields.published ?? fallbacks.published ?? '',
      as_of: fields.as_of ?? '',
      vendors: fields.vendors ?? [],
      language: fields.language ?? fallbacks.language,
    }),
  );
}

function toMetadata(fields: FrontMatter): DocumentMetadata {
  return {
    id: fields.id,
    title: fields.title,
    shortTitle: fields.short_title ?? fields.title,
    publisher: fields.publisher,
    url: fields.url,
    jurisdiction: fields.jurisdiction,
    type: fields.type,
    published: fields.published,
    asOf: fields.as_of,
    dates: sourceDates(fields),
    vendors: fields.vendors,
    language: fields.language,
    status: fields.status ?? '',
    verification: fields.verification ?? '',
  };
}

function sourceDates(fields: FrontMatter): SourceDates {
  const dates: SourceDates = {
    adopted: fields.adopted,
    promulgated: fields.promulgated,
    signed: fields.signed,
    inForce: fields.in_force,
    appliesFrom: fields.applies_from,
    amended: fields.amended,
    repealed: fields.repealed,
    supersededBy: fields.superseded_by,
    unconfirmed: fields.unconfirmed_dates,
  };
  // Only the dates the source gives, so passages and answer records stay small.
  return Object.fromEntries(Object.entries(dates).filter(([, value]) => value !== undefined)) as SourceDates;
}
