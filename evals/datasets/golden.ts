/**
 * The golden question set (`evals/golden.jsonl`, format in docs/golden-format.md): loading with every bad line
 * reported at once, filters in the shape retrieval takes, and a deterministic stratified sample for fast runs.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { SearchFilters } from '../../src/retrieve/types.js';
import { AppError } from '../../src/errors.js';

export const goldenCategories = ['answerable', 'multi_hop', 'unanswerable', 'off_topic', 'adversarial'] as const;
export type GoldenCategory = (typeof goldenCategories)[number];

const stringOrList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : [value]));

const goldenFiltersSchema = z
  .object({
    vendor: stringOrList.optional(),
    jurisdiction: stringOrList.optional(),
    type: stringOrList.optional(),
    documentId: stringOrList.optional(),
    publishedFrom: z.string().optional(),
    publishedTo: z.string().optional(),
  })
  .strict();

export const goldenQuestionSchema = z.object({
  id: z.string().min(1),
  question: z.string().min(1),
  category: z.enum(goldenCategories),
  /** How the question is worded (chat, questionnaire, keyword, ...): descriptive only. */
  style: z.string().optional(),
  expected_status: z.enum(['answered', 'insufficient_evidence', 'out_of_scope']),
  expected_passages: z.array(z.string()).default([]),
  key_facts: z.array(z.string()).default([]),
  /**
   * Case-insensitive regular expressions the answer should match (outside sets use these in place of verbatim key
   * facts, since a reader's wording of a fact need not be the passage's).
   */
  must_contain: z.array(z.string()).default([]),
  filters: goldenFiltersSchema.default({}),
  notes: z.string().optional(),
});

export type GoldenQuestion = z.infer<typeof goldenQuestionSchema>;

export async function loadGoldenSet(path: string): Promise<GoldenQuestion[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new AppError('unreadable_file', `Cannot read the golden set ${path}: ${(error as Error).message}`);
  }
  return parseGoldenSet(text, path);
}

export function parseGoldenSet(text: string, source = 'golden set'): GoldenQuestion[] {
  const questions: GoldenQuestion[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      problems.push(`line ${index + 1}: not JSON`);
      return;
    }
    const parsed = goldenQuestionSchema.safeParse(value);
    if (!parsed.success) {
      problems.push(
        `line ${index + 1}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`,
      );
      return;
    }
    if (seen.has(parsed.data.id)) problems.push(`line ${index + 1}: duplicate id ${parsed.data.id}`);
    seen.add(parsed.data.id);
    questions.push(parsed.data);
  });
  if (problems.length > 0) {
    throw new AppError('invalid_input', `${source} has ${problems.length} bad line(s):\n  ${problems.join('\n  ')}`);
  }
  return questions;
}

/** Golden filters in the shape `search` and `ask` take; undefined when the question sets none. */
export function toSearchFilters(filters: GoldenQuestion['filters']): SearchFilters | undefined {
  const result: SearchFilters = {};
  if (filters.vendor?.length) result.vendor = filters.vendor;
  if (filters.jurisdiction?.length) result.jurisdiction = filters.jurisdiction;
  if (filters.type?.length) result.type = filters.type as SearchFilters['type'];
  if (filters.documentId?.length) result.documentId = filters.documentId;
  if (filters.publishedFrom) result.publishedFrom = filters.publishedFrom;
  if (filters.publishedTo) result.publishedTo = filters.publishedTo;
  return Object.keys(result).length > 0 ? result : undefined;
}

/**
 * A fixed-size sample with every category represented in proportion (at least `minimumPerCategory` each when it
 * has that many). Order within a category comes from a hash of the id and the seed, so the sample is stable across
 * runs and machines, and changes only when the questions do.
 */
export function stratifiedSample<T extends { id: string; category: string }>(
  items: readonly T[],
  size: number,
  options: { seed?: string; minimumPerCategory?: number } = {},
): T[] {
  if (size >= items.length) return [...items];
  const seed = options.seed ?? 'golden';
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(item.category, [...(groups.get(item.category) ?? []), item]);
  // The minimum shrinks for small samples, so the sample never grows past `size`.
  const minimum = Math.min(options.minimumPerCategory ?? 3, Math.floor(size / groups.size));
  const rank = (item: T) => createHash('sha256').update(`${seed}:${item.id}`).digest('hex');
  for (const group of groups.values()) group.sort((left, right) => rank(left).localeCompare(rank(right)));

  // Every category first gets its minimum; the rest is shared in proportion to what each has left (largest
  // remainders first), so the sample is exactly `size` and mirrors the set's make-up.
  const quota = new Map<string, number>();
  for (const [category, group] of groups) quota.set(category, Math.min(group.length, minimum));
  const given = [...quota.values()].reduce((sum, value) => sum + value, 0);
  const remaining = Math.max(0, size - given);
  const left = [...groups].map(([category, group]) => ({ category, left: group.length - quota.get(category)! }));
  const totalLeft = left.reduce((sum, item) => sum + item.left, 0);
  const shares = left.map((item) => {
    const exact = totalLeft === 0 ? 0 : (item.left / totalLeft) * remaining;
    return { ...item, whole: Math.floor(exact), fraction: exact - Math.floor(exact) };
  });
  let handedOut = shares.reduce((sum, item) => sum + item.whole, 0);
  for (const share of [...shares].sort((a, b) => b.fraction - a.fraction)) {
    if (handedOut >= remaining) break;
    if (share.whole < share.left) {
      share.whole++;
      handedOut++;
    }
  }
  for (const share of shares) quota.set(share.category, quota.get(share.category)! + share.whole);
  const chosen = new Set<string>();
  for (const [category, group] of groups) for (const item of group.slice(0, quota.get(category))) chosen.add(item.id);
  return items.filter((item) => chosen.has(item.id));
}

export const goldenHalves = ['tuning', 'untuned'] as const;
export type GoldenHalf = (typeof goldenHalves)[number];

/**
 * The fixed split of a question set into a half that answer-engine changes may be tuned on and a half that is only
 * measured. Rule: within each category, questions are ordered by sha256("half:" + id); the 1st, 3rd, 5th, ... go to
 * `tuning`, the 2nd, 4th, ... to `untuned`. The split depends on nothing but the ids, so it is the same on every
 * machine, keeps every category in both halves, and changes only when questions are added or removed.
 */
export function goldenHalf<T extends { id: string; category: string }>(items: readonly T[], half: GoldenHalf): T[] {
  const rank = (item: T) => createHash('sha256').update(`half:${item.id}`).digest('hex');
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(item.category, [...(groups.get(item.category) ?? []), item]);
  const chosen = new Set<string>();
  for (const group of groups.values()) {
    [...group]
      .sort((left, right) => rank(left).localeCompare(rank(right)))
      .forEach((item, index) => {
        if ((index % 2 === 0) === (half === 'tuning')) chosen.add(item.id);
      });
  }
  return items.filter((item) => chosen.has(item.id));
}
