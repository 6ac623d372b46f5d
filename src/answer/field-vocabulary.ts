/**
 * The field vocabulary (`field-vocabulary.yaml` at the corpus root, documented in the file itself): the words that
 * place a question in the field, one-way paraphrases, and names that mean the same thing in several languages. It is
 * data, so a user with another corpus replaces or empties it; a missing or empty file gives the empty vocabulary and
 * every mechanism that reads it still works from the corpus alone.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { noAnswerWords, type AnswerWords } from '../models/local/input.js';
import type { VendorFacet } from '../retrieve/types.js';
import { documentTypes } from '../corpus/types.js';
import { chineseNumber } from '../text/chinese-numbers.js';
import { containsHan } from '../text/cjk.js';
import { escapeRegExp, phrasePattern } from '../text/phrases.js';
import { contentTerms } from '../text/terms.js';

export const fieldVocabularyFileName = 'field-vocabulary.yaml';

const wordList = z.array(z.union([z.string(), z.number()]).transform(String)).default([]);

const fileSchema = z
  .object({
    scope: z.object({ terms: wordList, phrases: wordList }).partial().default({}),
    equivalents: z.record(z.string(), wordList).default({}),
    names: z.array(wordList).default([]),
    weak_words: wordList,
    certifications: wordList,
    vendor_searches: z
      .array(
        z
          .object({
            query: z.string().includes('{vendor}', { message: 'must contain {vendor}' }),
            type: z.array(z.enum(documentTypes)).optional(),
          })
          .strict(),
      )
      .default([]),
    answers: z
      .object({
        risk_question: wordList,
        service_names: wordList,
        risk_events: wordList,
        counterpoints: wordList,
        denials: wordList,
        assessments: wordList,
        editorial_notes: wordList,
      })
      .partial()
      .default({}),
  })
  .partial();

export interface FieldVocabulary {
  /** Stems of the field's words. */
  scopeTerms: ReadonlySet<string>;
  /** Phrases of the field, as case-insensitive patterns. */
  scopePhrases: readonly RegExp[];
  /** For a question stem, the alternatives that cover it, each as the stems a passage must all have. */
  equivalents: ReadonlyMap<string, string[][]>;
  /** Groups of names that mean the same thing. */
  names: readonly (readonly string[])[];
  /** Stems of words that barely tell the field's passages apart: they count less when matching. */
  weakTerms: ReadonlySet<string>;
  /** The field's certification schemes by name ("FedRAMP"), as one global pattern. */
  certificationSchemes: RegExp;
  /** One search per part of a vendor answer, over the vendor's passages. */
  vendorSearches: readonly VendorFacet[];
  /** The words the local answer model reads the field's sentences by (its own contract, models/local/input.ts). */
  answerWords: AnswerWords;
}

export const emptyVocabulary: FieldVocabulary = {
  scopeTerms: new Set(),
  scopePhrases: [],
  equivalents: new Map(),
  names: [],
  weakTerms: new Set(),
  certificationSchemes: phrasePattern([], 'g'),
  vendorSearches: [],
  answerWords: noAnswerWords,
};

export function parseFieldVocabulary(text: string, source = fieldVocabularyFileName): FieldVocabulary {
  let value: unknown;
  try {
    value = parse(text) ?? {};
  } catch (error) {
    throw new AppError('invalid_config', `${source} is not valid YAML: ${(error as Error).message}`);
  }
  const parsed = fileSchema.safeParse(value);
  if (!parsed.success) {
    throw new AppError(
      'invalid_config',
      `${source}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`,
    );
  }
  const {
    scope = {},
    equivalents = {},
    names = [],
    weak_words = [],
    certifications = [],
    vendor_searches = [],
    answers = {},
  } = parsed.data;
  return {
    scopeTerms: new Set((scope.terms ?? []).flatMap((word) => contentTerms(word))),
    scopePhrases: (scope.phrases ?? []).map((phrase) => phrasePattern([phrase])),
    equivalents: new Map(
      Object.entries(equivalents).flatMap(([word, alternatives]) => {
        const key = contentTerms(word)[0];
        return key ? [[key, alternatives.map((alternative) => contentTerms(alternative))] as const] : [];
      }),
    ),
    names: names.filter((group) => group.length > 1),
    weakTerms: new Set(weak_words.flatMap((word) => contentTerms(word))),
    certificationSchemes: phrasePattern(certifications, 'g'),
    vendorSearches: vendor_searches.map((search) => ({
      query: search.query,
      ...(search.type ? { type: search.type } : {}),
    })),
    answerWords: {
      weakWords: weak_words,
      riskQuestion: answers.risk_question ?? [],
      serviceNames: answers.service_names ?? [],
      riskEvents: answers.risk_events ?? [],
      counterpoints: answers.counterpoints ?? [],
      denials: answers.denials ?? [],
      assessments: answers.assessments ?? [],
      editorialNotes: answers.editorial_notes ?? [],
    },
  };
}

/** The vocabulary of a corpus folder; the empty vocabulary when the file is missing. */
export async function loadFieldVocabulary(corpusDirectory: string): Promise<FieldVocabulary> {
  const file = path.join(corpusDirectory, fieldVocabularyFileName);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyVocabulary;
    throw new AppError('unreadable_file', `Cannot read ${file}: ${(error as Error).message}`);
  }
  return parseFieldVocabulary(text, file);
}

/** Whether a passage's stems cover a question stem, by the stem itself or one of its listed equivalents. */
export function coversTerm(vocabulary: FieldVocabulary, term: string, passageTerms: ReadonlySet<string>): boolean {
  if (passageTerms.has(term)) return true;
  const alternatives = vocabulary.equivalents.get(term);
  return alternatives !== undefined && alternatives.some((stems) => stems.every((stem) => passageTerms.has(stem)));
}

/** Whether the question uses a word or phrase of the field. */
export function mentionsField(vocabulary: FieldVocabulary, question: string, terms: readonly string[]): boolean {
  return (
    terms.some((term) => vocabulary.scopeTerms.has(term)) ||
    vocabulary.scopePhrases.some((phrase) => phrase.test(question))
  );
}

const chineseNumerals = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 7 → 七, 37 → 三十七, 105 → 一百零五 (up to 9999), as Chinese statutes number their articles. */
export function toChineseNumber(value: number): string {
  if (value < 10) return chineseNumerals[value]!;
  const units: [number, string][] = [
    [1000, '千'],
    [100, '百'],
    [10, '十'],
  ];
  let rest = value;
  let text = '';
  let pendingZero = false;
  for (const [unit, name] of units) {
    const digit = Math.floor(rest / unit);
    rest %= unit;
    if (digit > 0) {
      if (pendingZero) text += '零';
      text += unit === 10 && digit === 1 && text === '' ? name : `${chineseNumerals[digit]}${name}`;
      pendingZero = false;
    } else if (text !== '') pendingZero = true;
  }
  if (rest > 0) text += `${pendingZero ? '零' : ''}${chineseNumerals[rest]}`;
  return text;
}

/**
 * The search query for a question: the question, then the other names of every name it mentions, then its article
 * numbers in the other numbering ("Article 7" → 第七条, 第七条 → Article 7), so a question in one language reaches
 * passages in the other.
 */
export function expandWithNames(vocabulary: FieldVocabulary, question: string): string {
  const additions: string[] = [];
  const lower = question.toLowerCase();
  for (const group of vocabulary.names) {
    const mentioned = group.some((name) => mentionsName(lower, name));
    if (mentioned) for (const name of group) if (!mentionsName(lower, name)) additions.push(name);
  }
  const articles = new Set<string>();
  for (const match of question.matchAll(/\b(?:art(?:icle)?s?\.?)\s*(\d{1,4})\b/gi)) {
    articles.add(`第${toChineseNumber(Number(match[1]))}条`);
  }
  for (const match of question.matchAll(/第([零〇一二两三四五六七八九十百千\d]+)条/gu)) {
    const number = chineseNumber(match[1]!);
    if (number !== undefined) articles.add(`Article ${number}`);
  }
  if (additions.length === 0 || articles.size === 0) {
    // Article numbers are only translated for a question that names something the vocabulary knows in both forms.
    return additions.length === 0 ? question : `${question} ${additions.join(' ')}`;
  }
  return `${question} ${additions.join(' ')} ${[...articles].join(' ')}`;
}

function mentionsName(lowerQuestion: string, name: string): boolean {
  const lowerName = name.toLowerCase();
  if (containsHan(name)) return lowerQuestion.includes(lowerName);
  return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(lowerName)}(?![\\p{L}\\p{N}])`, 'u').test(lowerQuestion);
}

/** Whether the question names `name`: as a word or phrase in Latin script, anywhere in Chinese. */
export function namesIn(question: string, name: string): boolean {
  if (/\p{Script=Han}/u.test(name)) return question.includes(name);
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'iu').test(question);
}
