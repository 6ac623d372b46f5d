/**
 * The corpus check: what an auditor reading the corpus closely would catch, reported with file and line.
 *
 * - every instrument the text names resolves to one canonical name in instrument-aliases.yaml, and a variant
 *   ("Anti-Terrorism Law") appears only quoted next to the canonical name;
 * - a date the text states about a named instrument ("adopted on 23 May 2023") agrees with that instrument's own
 *   front matter, and documents of one instrument agree with each other;
 * - a document that calls one of its dates a placeholder lists it in `unconfirmed_dates`;
 * - every URL is a deep link, or its site is named in the document's `verification` note.
 *
 * Markdown and plain-text files are checked (their lines are the text); HTML and PDF files are not.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { extractFrontMatter, validateFrontMatter, validatePartialFrontMatter, type DateField } from './front-matter.js';
import { instrumentAliasesFileName, parseInstruments, type Instrument } from './instrument-aliases.js';
import { InstrumentNames, type Mention } from './instrument-mentions.js';
import type { DocumentMetadata } from './types.js';
import { monthNames } from '../text/dates.js';

export type CorpusCheckRule =
  | 'front-matter'
  | 'instrument-file'
  | 'unlisted-instrument'
  | 'unknown-name'
  | 'variant-name'
  | 'date-disagrees'
  | 'date-missing'
  | 'unconfirmed-date'
  | 'site-root-url';

export interface CorpusFinding {
  /** Path relative to the corpus folder. */
  path: string;
  /** 1-based line. */
  line: number;
  rule: CorpusCheckRule;
  message: string;
}

export interface CorpusCheckReport {
  findings: CorpusFinding[];
  documents: number;
  instruments: number;
  /** Other names (aliases and variants) across all instruments. */
  aliases: number;
  /** Site-root URLs that a `verification` note flags. */
  flaggedUrls: number;
}

export interface CorpusFile {
  /** Relative to the corpus folder. */
  path: string;
  content: string;
}

interface CheckedDocument {
  file: CorpusFile;
  lines: string[];
  /** Index in `lines` of the first body line. */
  bodyLine: number;
  metadata: DocumentMetadata;
}

const months = monthNames;
const datePhrase = new RegExp(`\\b(\\d{1,2}) (${months.join('|')}) (\\d{4})\\b`, 'g');

/** What a verb before a date says the date is, as front-matter fields (the first that the front matter gives). */
const dateMeanings: { pattern: RegExp; fields: DateField[] }[] = [
  { pattern: /\b(?:adopted|passed|approved)\b/gi, fields: ['adopted'] },
  { pattern: /\bpromulgated\b/gi, fields: ['promulgated'] },
  { pattern: /\bsigned\b/gi, fields: ['signed'] },
  { pattern: /\b(?:published|issued|released)\b/gi, fields: ['published'] },
  {
    pattern: /\b(?:in force|into force|took effect|takes? effect|effective|commenced)\b/gi,
    fields: ['in_force'],
  },
  { pattern: /\b(?:appl(?:y|ies|ied) (?:from|since)|applicable from)\b/gi, fields: ['applies_from'] },
  { pattern: /\b(?:amended|revised)\b/gi, fields: ['amended', 'adopted'] },
  { pattern: /\brepealed\b/gi, fields: ['repealed'] },
];

/** How far after a name its first date may be, and how far apart chained dates ("adopted X and in force Y"). */
const firstDateReach = 80;
const chainedDateReach = 40;
/** A clause about another act of the instrument's life ("its amendment, adopted on …") is not about the text. */
const otherActWords = /\b(?:amendment|amending|amendments|draft|proposal|revision of)\b/i;
/** A new clause with its own subject (", and it was published …") is about something else. */
const newClause = /[,;]\s*(?:and|but|while|which|whereas)?\s*(?:it|they|this|that|which)\b/i;
/**
 * A name after a preposition ("added to the Entity List effective …", "under EO 13873") is not the subject of what
 * follows; only a parenthesis right after it ("under the Measures (adopted …)") still describes it.
 */
const prepositionBefore = /\b(?:to|under|in|into|from|by|with|of|on|against|for)\s+(?:the\s+)?$/i;

/** How a verification note flags a site-root link: "Site-root link: flk.npc.gov.cn, the database serves …". */
const siteRootFlag = 'site-root link:';

/** A sentence-initial reference back to the document's own instrument. */
const ownReference =
  /(?:^|[.;]\s+)(It|They|The (?:[Ll]aw|[Rr]egulations?|[Mm]easures|[Aa]ct|[Dd]irective|[Oo]rder|[Rr]ules|[Jj]udgment|[Dd]ecision))\b(?!\s+(?:of|on|for)\b)/g;

function toIsoDate(day: string, month: string, year: string): string {
  return `${year}-${String(months.indexOf(month) + 1).padStart(2, '0')}-${day.padStart(2, '0')}`;
}

function dateValues(metadata: DocumentMetadata, field: DateField): string[] {
  const dates = metadata.dates;
  const value = {
    adopted: dates.adopted,
    promulgated: dates.promulgated,
    signed: dates.signed,
    published: metadata.published,
    in_force: dates.inForce,
    applies_from: dates.appliesFrom,
    amended: dates.amended,
    repealed: dates.repealed,
  }[field];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** The line of a front-matter field (`url:`), for findings about it. */
function fieldLine(document: CheckedDocument, field: string): number {
  const index = document.lines.slice(0, document.bodyLine).findIndex((line) => line.startsWith(`${field}:`));
  return index >= 0 ? index + 1 : 1;
}

function sentenceAround(line: string, start: number, end: number): string {
  const from = Math.max(line.lastIndexOf('. ', start) + 1, 0);
  const next = line.indexOf('. ', end);
  return line.slice(from, next < 0 ? line.length : next);
}

export class CorpusChecker {
  private readonly findings: CorpusFinding[] = [];
  private readonly documents: CheckedDocument[] = [];
  private instruments: Instrument[] = [];
  private flaggedUrls = 0;

  constructor(
    private readonly files: CorpusFile[],
    private readonly instrumentsFile: CorpusFile | undefined,
  ) {}

  run(): CorpusCheckReport {
    this.readInstruments();
    for (const file of this.files) this.readDocument(file);
    const names = new InstrumentNames(this.instruments);
    this.checkInstrumentDocuments();
    for (const document of this.documents) {
      this.checkPlaceholders(document);
      this.checkUrls(document);
      this.checkText(document, names);
    }
    return {
      findings: this.findings.sort((left, right) =>
        left.path === right.path ? left.line - right.line : left.path < right.path ? -1 : 1,
      ),
      documents: this.documents.length,
      instruments: this.instruments.length,
      aliases: this.instruments.reduce((sum, item) => sum + item.aliases.length + item.variants.length, 0),
      flaggedUrls: this.flaggedUrls,
    };
  }

  private report(path: string, line: number, rule: CorpusCheckRule, message: string): void {
    this.findings.push({ path, line, rule, message });
  }

  private readInstruments(): void {
    if (!this.instrumentsFile) return;
    const parsed = parseInstruments(this.instrumentsFile.content);
    if (parsed.ok) this.instruments = parsed.value;
    else for (const problem of parsed.error) this.report(this.instrumentsFile.path, 1, 'instrument-file', problem);
  }

  private readDocument(file: CorpusFile): void {
    const content = file.content.replace(/\r\n?/g, '\n');
    const block = extractFrontMatter(content);
    if (!block.ok) return this.report(file.path, 1, 'front-matter', block.error);
    // Plain files without front matter have no dates or notes of their own to check.
    if (block.value.data === undefined) return;
    // Plain text may give only some fields (docs/corpus-format.md); the check needs its dates, not a complete record.
    const fallbacks = { id: path.basename(file.path).replace(/\.[^.]+$/, ''), title: file.path, language: 'en' };
    const metadata = /\.txt$/i.test(file.path)
      ? validatePartialFrontMatter(block.value.data, fallbacks)
      : validateFrontMatter(block.value.data);
    if (!metadata.ok) return this.report(file.path, 1, 'front-matter', metadata.error);
    const bodyLine = content.slice(0, block.value.bodyStart).split('\n').length - 1;
    this.documents.push({ file, lines: content.split('\n'), bodyLine, metadata: metadata.value });
  }

  private documentById(id: string): CheckedDocument | undefined {
    return this.documents.find((document) => document.metadata.id === id);
  }

  /** Listed documents exist, laws and judgments are listed, and documents of one instrument agree on its dates. */
  private checkInstrumentDocuments(): void {
    const listed = new Set(this.instruments.flatMap((instrument) => instrument.documents));
    const file = this.instrumentsFile?.path ?? instrumentAliasesFileName;
    for (const instrument of this.instruments) {
      const documents = instrument.documents.map((id) => {
        const document = this.documentById(id);
        if (!document) this.report(file, 1, 'instrument-file', `${instrument.id} lists document ${id}, which the corpus does not have`);
        return document;
      });
      const [main, ...others] = documents;
      if (!main) continue;
      for (const other of others) {
        if (!other) continue;
        for (const field of ['adopted', 'promulgated', 'signed', 'in_force'] as const) {
          const [mine, theirs] = [dateValues(other.metadata, field)[0], dateValues(main.metadata, field)[0]];
          if (mine !== undefined && theirs !== undefined && mine !== theirs) {
            this.report(other.file.path, fieldLine(other, field), 'date-disagrees',
              `${field} ${mine} disagrees with ${main.metadata.id} (${theirs}), another text of ${instrument.name}`);
          }
        }
      }
    }
    for (const document of this.documents) {
      const { id, type, dates } = document.metadata;
      if (['law', 'regulation', 'court'].includes(type) && !listed.has(id)) {
        this.report(document.file.path, fieldLine(document, 'id'), 'unlisted-instrument',
          `${id} is a ${type} but no entry of ${instrumentAliasesFileName} lists it, so dates about it cannot be checked`);
      }
      const successor = dates.supersededBy;
      if (successor !== undefined && !this.documentById(successor) && !this.instruments.some((item) => item.id === successor || item.name === successor)) {
        this.report(document.file.path, fieldLine(document, 'superseded_by'), 'front-matter',
          `superseded_by names ${successor}, which is neither a document id nor an instrument`);
      }
    }
  }

  private checkPlaceholders(document: CheckedDocument): void {
    const { metadata } = document;
    const unconfirmed = metadata.dates.unconfirmed ?? [];
    const index = document.lines.findIndex((line) => /\bplaceholder\b/i.test(line));
    if (index >= 0 && unconfirmed.length === 0) {
      this.report(document.file.path, index + 1, 'unconfirmed-date',
        'the document calls a date a placeholder, but its front matter lists no unconfirmed_dates');
    }
    if (unconfirmed.length > 0 && metadata.verification.trim() === '') {
      this.report(document.file.path, fieldLine(document, 'unconfirmed_dates'), 'unconfirmed-date',
        'unconfirmed_dates needs a verification note saying what could not be confirmed');
    }
  }

  private checkUrls(document: CheckedDocument): void {
    const note = document.metadata.verification.toLowerCase();
    document.lines.forEach((line, index) => {
      for (const match of line.matchAll(/https?:\/\/[^\s)"'>\]]+/g)) {
        let url: URL;
        try {
          url = new URL(match[0].replace(/[.,;:]+$/, ''));
        } catch {
          continue;
        }
        if (url.pathname.replace(/\/+$/, '') !== '' || url.search !== '') continue;
        const host = url.hostname.toLowerCase().replace(/^www\./, '');
        if (note.includes(`${siteRootFlag} ${host}`)) this.flaggedUrls++;
        else {
          this.report(document.file.path, index + 1, 'site-root-url',
            `${match[0]} is a site root, not a deep link; link the page itself or say in verification why, starting \"Site-root link: ${host}\"`);
        }
      }
    });
  }

  private checkText(document: CheckedDocument, names: InstrumentNames): void {
    for (let index = document.bodyLine; index < document.lines.length; index++) {
      const line = document.lines[index]!;
      const mentions = names.mentions(line);
      for (const unknown of names.unknownNames(line, mentions)) {
        this.report(document.file.path, index + 1, 'unknown-name',
          `"${unknown.text}" looks like an instrument name that ${instrumentAliasesFileName} does not list`);
      }
      for (const mention of mentions) {
        if (mention.kind === 'variant') this.checkVariant(document, index, line, mention);
      }
      const withReferences = [...mentions, ...this.ownReferences(document, line)].sort((x, y) => x.start - y.start);
      for (const mention of withReferences) this.checkStatedDates(document, index, line, mention, withReferences);
    }
  }

  /**
   * In an instrument's own document, a sentence that starts "The Regulations were promulgated …" or "It applies
   * from …" states the document's own dates, which must agree with its front matter like any named mention.
   */
  private ownReferences(document: CheckedDocument, line: string): Mention[] {
    const own = this.instruments.find((instrument) => instrument.documents.includes(document.metadata.id));
    if (!own) return [];
    return [...line.matchAll(ownReference)].map((match) => {
      const start = match.index + match[0].length - match[1]!.length;
      return { instrument: own, text: match[1]!, kind: 'name' as const, start, end: start + match[1]!.length };
    });
  }

  private checkVariant(document: CheckedDocument, index: number, line: string, mention: Mention): void {
    const quoted = /["“]$/.test(line.slice(0, mention.start)) && /^["”]/.test(line.slice(mention.end));
    const sentence = sentenceAround(line, mention.start, mention.end);
    if (quoted && sentence.includes(mention.instrument.name)) return;
    this.report(document.file.path, index + 1, 'variant-name',
      `"${mention.text}" is another rendering of the ${mention.instrument.name}: write the canonical name (quote the variant only next to it)`);
  }

  /** Dates stated right after a name, chained ("adopted on X and in force from Y"), against the front matter. */
  private checkStatedDates(document: CheckedDocument, index: number, line: string, mention: Mention, mentions: Mention[]): void {
    const main = mention.instrument.documents.map((id) => this.documentById(id)).find(Boolean);
    if (!main) return;
    const nextMention = mentions.find((other) => other.start >= mention.end);
    const sentenceEnd = line.slice(mention.end).search(/[.;](?:\s|$)/);
    const limit = Math.min(nextMention?.start ?? line.length, sentenceEnd < 0 ? line.length : mention.end + sentenceEnd);
    let tail = line.slice(mention.end, limit);
    if (prepositionBefore.test(line.slice(0, mention.start))) {
      const parenthesis = /^\s*\(([^)]*)\)/.exec(tail);
      if (!parenthesis) return;
      tail = parenthesis[0];
    }
    let anchor = 0;
    for (const match of tail.matchAll(datePhrase)) {
      const lead = tail.slice(anchor, match.index);
      const reach = anchor === 0 ? firstDateReach : chainedDateReach;
      if (lead.length > reach || otherActWords.test(lead) || (anchor === 0 && newClause.test(lead))) break;
      const meaning = dateMeanings
        .flatMap(({ pattern, fields }) => [...lead.matchAll(pattern)].map((found) => ({ at: found.index, fields })))
        .sort((left, right) => right.at - left.at)[0];
      if (!meaning) break;
      anchor = match.index + match[0].length;
      const stated = toIsoDate(match[1]!, match[2]!, match[3]!);
      const given = meaning.fields.filter((field) => dateValues(main.metadata, field).length > 0);
      const where = `${main.metadata.id} front matter`;
      const said = `says ${mention.text} ${lead.replace(/^[\s,;:()]+/, '').trim()} ${match[0]}`;
      if (given.length === 0) {
        this.report(document.file.path, index + 1, 'date-missing',
          `${said}, but ${where} gives no ${meaning.fields[0]}`);
      } else if (!given.some((field) => dateValues(main.metadata, field).includes(stated))) {
        const values = given.map((field) => `${field} ${dateValues(main.metadata, field).join(', ')}`).join('; ');
        this.report(document.file.path, index + 1, 'date-disagrees',
          `${said}, but ${where} has ${values}`);
      }
    }
  }
}

/** Checks files already read (the unit tests' entry point). */
export function checkCorpusFiles(files: CorpusFile[], instrumentsFile?: CorpusFile): CorpusCheckReport {
  return new CorpusChecker(files, instrumentsFile).run();
}

/** Checks a corpus folder: its Markdown and plain-text files and its instrument-aliases.yaml. */
export async function checkCorpus(directory: string): Promise<CorpusCheckReport> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  const relative = entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(directory, path.join(entry.parentPath, entry.name)))
    .filter((file) => !file.split(path.sep).some((part) => part.startsWith('.')))
    .sort();
  const read = async (file: string): Promise<CorpusFile> => ({
    path: file.split(path.sep).join('/'),
    content: await readFile(path.join(directory, file), 'utf8'),
  });
  const files = await Promise.all(relative.filter((file) => /\.(?:md|markdown|txt)$/i.test(file)).map(read));
  const instruments = relative.includes(instrumentAliasesFileName) ? await read(instrumentAliasesFileName) : undefined;
  return checkCorpusFiles(files, instruments);
}

/** One line per finding, `path:line: message (rule)`, as a terminal or CI log shows it. */
export function formatFinding(finding: CorpusFinding): string {
  return `${finding.path}:${finding.line}: ${finding.message} (${finding.rule})`;
}
