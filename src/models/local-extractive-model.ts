/**
 * The offline answer model: an AI SDK `LanguageModelV3` that writes only sentences taken verbatim from the numbered
 * passages in its prompt. It picks the sentences that best answer the question (relevance plus diversity, maximal
 * marginal relevance), leads with the most direct one, groups the rest (law and regulation, reported events with
 * their dates, guidance and standards, counterpoints and limits, vendor facts, questions to ask) and cites every
 * sentence. It is deterministic: the same prompt always gives the same text.
 */
import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3GenerateResult,
  LanguageModelV3StreamPart,
  LanguageModelV3StreamResult,
  LanguageModelV3Usage,
} from '@ai-sdk/provider';
import { parseAnswerPrompt, type PromptPassage } from '../answer/prompt.js';
import { splitSentences } from '../answer/sentences.js';
import { contentTerms, formatDate, termWeight } from '../answer/text.js';

export interface LocalExtractiveModelOptions {
  /** Most sentences in an answer, the lead included. */
  maxSentences?: number;
  /** Delay between streamed chunks, for demos and tests of slow streams. */
  chunkDelayMs?: number;
}

type Group = 'law' | 'events' | 'guidance' | 'counterpoints' | 'context' | 'questions';

const groupTitles: Record<Group, string> = {
  law: 'Law and regulation',
  events: 'Reported events',
  guidance: 'Guidance and standards',
  counterpoints: 'Counterpoints and limits',
  context: 'Context',
  questions: 'Questions to ask the vendor',
};
const groupOrder: Group[] = ['law', 'events', 'guidance', 'counterpoints', 'context', 'questions'];
const groupLimits: Record<Group, number> = {
  law: 4,
  events: 3,
  guidance: 3,
  counterpoints: 3,
  context: 1,
  questions: 1,
};

interface Candidate {
  passage: PromptPassage;
  text: string;
  terms: Set<string>;
  /** Weighted share of the question's terms in this sentence. */
  direct: number;
  /** Weighted share of the question's terms in the sentence's passage (with its title and heading). */
  passageRelevance: number;
  relevance: number;
  group: Group;
  order: number;
}

export const noEvidenceAnswer = 'The passages provided do not answer this question.';

export class LocalExtractiveModel implements LanguageModelV3 {
  readonly specificationVersion = 'v3' as const;
  readonly provider = 'local';
  readonly modelId: string;
  readonly supportedUrls: Record<string, RegExp[]> = {};
  private readonly maxSentences: number;
  private readonly chunkDelayMs: number;

  constructor(modelId = 'extractive-v1', options: LocalExtractiveModelOptions = {}) {
    this.modelId = modelId;
    this.maxSentences = options.maxSentences ?? 12;
    this.chunkDelayMs = options.chunkDelayMs ?? 0;
  }

  /** The answer text for a prompt built by `buildAnswerMessages`. */
  write(options: Pick<LanguageModelV3CallOptions, 'prompt'>): string {
    const { question, passages } = parseAnswerPrompt(options.prompt);
    return composeAnswer(question, passages, this.maxSentences);
  }

  async doGenerate(options: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
    const text = this.write(options);
    return {
      content: [{ type: 'text', text }],
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: usage(options, text),
      warnings: [],
      response: { id: 'local', modelId: this.modelId, timestamp: new Date(0) },
    };
  }

  async doStream(options: LanguageModelV3CallOptions): Promise<LanguageModelV3StreamResult> {
    const text = this.write(options);
    const pieces = text.match(/\S+\s*|\s+/g) ?? [];
    const parts: LanguageModelV3StreamPart[] = [
      { type: 'stream-start', warnings: [] },
      { type: 'response-metadata', id: 'local', modelId: this.modelId, timestamp: new Date(0) },
      { type: 'text-start', id: 'text-0' },
      ...pieces.map((delta): LanguageModelV3StreamPart => ({ type: 'text-delta', id: 'text-0', delta })),
      { type: 'text-end', id: 'text-0' },
      { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: usage(options, text) },
    ];
    const delay = this.chunkDelayMs;
    const signal = options.abortSignal;
    let index = 0;
    const stream = new ReadableStream<LanguageModelV3StreamPart>({
      async pull(controller) {
        if (signal?.aborted) {
          controller.error(signal.reason ?? new Error('aborted'));
          return;
        }
        if (delay > 0 && index > 0) await new Promise((resolve) => setTimeout(resolve, delay));
        const part = parts[index++];
        if (part) controller.enqueue(part);
        else controller.close();
      },
    });
    return { stream };
  }
}

function usage(options: Pick<LanguageModelV3CallOptions, 'prompt'>, text: string): LanguageModelV3Usage {
  const input = options.prompt
    .map((message) =>
      typeof message.content === 'string'
        ? message.content
        : message.content.map((part) => ('text' in part ? part.text : '')).join(' '),
    )
    .join(' ');
  const inputTokens = Math.ceil(input.length / 4);
  const outputTokens = Math.ceil(text.length / 4);
  return {
    inputTokens: { total: inputTokens, noCache: inputTokens, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: outputTokens, text: outputTokens, reasoning: undefined },
  };
}

/** Picks, orders, groups and cites sentences from the passages. Pure and deterministic. */
export function composeAnswer(question: string, passages: readonly PromptPassage[], maxSentences = 12): string {
  const candidates = collectCandidates(question, passages);
  // Without a passage that shares the question's words, any sentence would be a guess.
  if (candidates.length === 0 || Math.max(...candidates.map((candidate) => candidate.passageRelevance)) < 0.15) {
    return noEvidenceAnswer;
  }

  const lead = chooseLead(candidates);
  if (!lead || lead.relevance < 0.12) return noEvidenceAnswer;
  const selected = selectDiverse(candidates, lead, maxSentences - 1);

  const lines: string[] = [cite(lead)];
  const byGroup = new Map<Group, Candidate[]>();
  for (const candidate of selected) {
    const list = byGroup.get(candidate.group) ?? [];
    list.push(candidate);
    byGroup.set(candidate.group, list);
  }
  for (const group of groupOrder) {
    const members = byGroup.get(group);
    if (!members?.length) continue;
    // Within a group, keep the order of the sources (rank, then position), events by date.
    members.sort((left, right) =>
      group === 'events'
        ? eventDate(left).localeCompare(eventDate(right)) || left.order - right.order
        : left.order - right.order,
    );
    lines.push('', `**${groupTitles[group]}**`, ...members.map((member) => `- ${cite(member)}`));
  }
  return lines.join('\n');
}

function collectCandidates(question: string, passages: readonly PromptPassage[]): Candidate[] {
  const questionTerms = [...new Set(contentTerms(question))];
  if (questionTerms.length === 0 || passages.length === 0) return [];

  // Weight question terms by how few passages contain them: the distinguishing words count most.
  const passageTerms = passages.map(
    (passage) => new Set(contentTerms(`${passage.title} ${passage.heading} ${passage.text}`)),
  );
  const weights = new Map<string, number>();
  for (const term of questionTerms) {
    const frequency = passageTerms.filter((terms) => terms.has(term)).length;
    weights.set(term, termWeight(term) * (1 + 0.5 * Math.log((passages.length + 1) / (frequency + 0.5))));
  }
  const totalWeight = [...weights.values()].reduce((sum, value) => sum + value, 0) || 1;
  const coverage = (terms: Set<string>) =>
    questionTerms.reduce((sum, term) => sum + (terms.has(term) ? weights.get(term)! : 0), 0) / totalWeight;

  const candidates: Candidate[] = [];
  passages.forEach((passage, passageIndex) => {
    const passageRelevance = coverage(passageTerms[passageIndex]!);
    const rankPrior = 1 - Math.min(0.3, passageIndex * 0.025);
    splitSentences(passage.text).forEach((span, sentenceIndex) => {
      const text = span.text.replace(/\s+/g, ' ');
      const words = text.split(' ').length;
      if (words < 6 || words > 90 || looksLikeInstruction(text) || isMetaSentence(text)) return;
      // A sentence that quotes the question back ("had been asked the question "Is ...?"") adds nothing.
      if (restatesQuestion(text, question)) return;
      const terms = new Set(contentTerms(text));
      const direct = coverage(terms);
      const informative = /\b(Art(icle)?s?\.?|Section|§|Regulation)\s*\d+/.test(text)
        ? 1
        : /\b(19|20)\d{2}\b/.test(text)
          ? 0.5
          : 0;
      const positionBonus = sentenceIndex === 0 ? 0.05 : 0;
      const relevance = (0.4 * direct + 0.4 * passageRelevance + 0.2 * informative + positionBonus) * rankPrior;
      candidates.push({
        passage,
        text,
        terms,
        direct,
        passageRelevance,
        relevance,
        group: classify(text, passage),
        order: passageIndex * 1000 + sentenceIndex,
      });
    });
  });
  return candidates;
}

/** The most direct sentence: the one that shares most with the question, from a well-ranked passage. */
function chooseLead(candidates: Candidate[]): Candidate | undefined {
  let best: Candidate | undefined;
  let bestScore = -1;
  for (const candidate of candidates) {
    if (candidate.group === 'questions') continue;
    const rankPrior = 1 - Math.min(0.3, Math.floor(candidate.order / 1000) * 0.03);
    let score = (0.6 * candidate.direct + 0.4 * candidate.relevance) * rankPrior;
    // A sentence that frames or weighs the matter answers better than one that merely repeats the question.
    if (assessmentPattern.test(candidate.text)) score *= 1.25;
    if (/\b(asked|the question)\b/i.test(candidate.text)) score *= 0.6;
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

const assessmentPattern =
  /\b(depends on|is subject to|are subject to|the (main|key|core|legal) (risk|question|basis|point)|risk (arises|lies)|in practice|for a (foreign|western) (customer|buyer|company)|means that|the point is)\b/i;

/**
 * Maximal marginal relevance over the remaining sentences, with a cap per group and per passage. A first round
 * takes the best sentence of each group, so a reader sees the law, the events and the counterpoints even when one
 * kind of passage dominates the retrieved set.
 */
function selectDiverse(candidates: Candidate[], lead: Candidate, limit: number): Candidate[] {
  const chosen: Candidate[] = [];
  const all = [lead];
  const perGroup = new Map<Group, number>();
  const perPassage = new Map<string, number>([[lead.passage.passageId, 1]]);
  const floor = Math.max(0.12, lead.relevance * 0.35);
  const pool = candidates.filter((candidate) => candidate !== lead && candidate.relevance >= floor);

  const pick = (allowed: (candidate: Candidate) => boolean): boolean => {
    let best: Candidate | undefined;
    let bestScore = -Infinity;
    for (const candidate of pool) {
      if (!allowed(candidate)) continue;
      if ((perGroup.get(candidate.group) ?? 0) >= groupLimits[candidate.group]) continue;
      const fromPassage = perPassage.get(candidate.passage.passageId) ?? 0;
      if (fromPassage >= 3) continue;
      const similarity = Math.max(...all.map((other) => similarityOf(candidate, other)));
      if (similarity > 0.6) continue;
      const score = 0.7 * candidate.relevance - 0.3 * similarity - 0.05 * fromPassage;
      if (score > bestScore) {
        best = candidate;
        bestScore = score;
      }
    }
    if (!best) return false;
    chosen.push(best);
    all.push(best);
    pool.splice(pool.indexOf(best), 1);
    perGroup.set(best.group, (perGroup.get(best.group) ?? 0) + 1);
    perPassage.set(best.passage.passageId, (perPassage.get(best.passage.passageId) ?? 0) + 1);
    return true;
  };

  for (const group of groupOrder) {
    if (chosen.length >= limit) break;
    if (group !== 'questions') pick((candidate) => candidate.group === group);
  }
  while (chosen.length < limit && pick(() => true));
  return chosen;
}

const counterpointPattern =
  /\b(denied|denies|rejected|rejects|nonsense|certifications?|certified|ISO\/IEC|SOC 2|attestations?|not settled|cut the other way|counterpoints?|forbids?|forbid|unverified|could not (independently )?verify|no US regulator|does not (address|limit|restrict|settle)|do not restrict|only restrict|protects against)\b/i;
const legalReferencePattern = /\b(Art(icle)?s?\.?\s*\d+|Section\s*\d+|§\s*\d+|Law|Act|Regulation|Directive|Code)\b/;
const reportingPattern =
  /\b(reported|reports|announced|said|stated|fined|banned|designated|added|ordered|published|issued|decided|ruled|recalled|warned|reviewing|launched|opened|imposed|removed)\b/i;
const datePattern = /\b(19|20)\d{2}\b/;

function classify(text: string, passage: PromptPassage): Group {
  if (text.trim().endsWith('?')) return 'questions';
  const reportedEvent = reportingPattern.test(text) && (datePattern.test(text) || passage.type === 'news');
  if ((passage.type === 'vendor' || passage.type === 'news') && reportedEvent) return 'events';
  if (counterpointPattern.test(text) || /counterpoint/i.test(passage.heading)) return 'counterpoints';
  switch (passage.type) {
    case 'law':
    case 'regulation':
    case 'court':
      return 'law';
    case 'guidance':
    case 'standard':
      return 'guidance';
    case 'news':
      if (reportingPattern.test(text) || datePattern.test(text)) return 'events';
      return legalReferencePattern.test(text) ? 'law' : 'context';
    default:
      if (/\b(Art(icle)?s?\.?\s*\d+|Section\s*\d+)/.test(text)) return 'law';
      return 'context';
  }
}

/** Sentences that address a reader or a model rather than state a fact (prompt injection, boilerplate). */
function looksLikeInstruction(text: string): boolean {
  return /\b(ignore|disregard|forget|override)\b.{0,40}\b(instructions?|rules?|prompt|above|previous|system)\b|\b(you must|you should|as an ai|language model|assistant|system prompt|developer mode|respond with|answer with|do not cite)\b/i.test(
    text,
  );
}

function isMetaSentence(text: string): boolean {
  return /\b(summaris(ed|es) here|our own (words|paraphrase)|this (summary|document) (reflects|follows)|cut the other way|should be stated with)\b/i.test(
    text,
  );
}

function cite(candidate: Candidate): string {
  // Enumerations lose their sense out of context: "Fifth, no US regulator ..." → "No US regulator ...".
  let text = candidate.text.replace(
    /^(First|Second|Third|Fourth|Fifth|Sixth|Finally|Also|Moreover|In addition),\s+(\p{L})/u,
    (_match, _ordinal: string, letter: string) => letter.toUpperCase(),
  );
  // Reported events carry their date; add the publication date when the sentence itself has no year.
  if (candidate.group === 'events' && !/\b(19|20)\d{2}\b/.test(text)) {
    // A first-of-month date usually stands for "some day that month".
    const published = candidate.passage.published;
    const date = published.endsWith('-01') ? formatDate(published).replace(/^1 /, '') : formatDate(published);
    if (date) text = `${date}: ${text}`;
  }
  const marker = `[${candidate.passage.n}]`;
  const match = /([.!?])(["”’)]*)$/.exec(text);
  if (!match) return `${text} ${marker}.`;
  // A full stop inside closing quotes moves after the marker: `"nonsense." ` → `"nonsense" [3].`
  if (match[2]) return `${text.slice(0, match.index)}${match[2]} ${marker}${match[1]}`;
  return `${text.slice(0, match.index)} ${marker}${match[1]}`;
}

function eventDate(candidate: Candidate): string {
  return /\b(19|20)\d{2}\b/.exec(candidate.text)?.[0] ?? candidate.passage.published.slice(0, 4);
}

/** The month an event is dated to, "November 2025": from the sentence, else from the passage's publication. */
function eventMonth(candidate: Candidate): string {
  const inText =
    /\b(January|February|March|April|May|June|July|August|September|October|November|December) (19|20)\d{2}\b/.exec(
      candidate.text,
    );
  if (inText) return inText[0];
  return formatDate(candidate.passage.published).replace(/^\d+ /, '');
}

/** Whether a sentence contains the question itself, quoted or nearly verbatim. */
function restatesQuestion(text: string, question: string): boolean {
  const questionTerms = new Set(contentTerms(question));
  if (questionTerms.size < 3) return false;
  for (const quoted of text.match(/["“][^"”]{10,}["”]/g) ?? []) {
    const terms = new Set(contentTerms(quoted));
    const shared = [...questionTerms].filter((term) => terms.has(term)).length;
    if (shared / questionTerms.size >= 0.8) return true;
  }
  return false;
}

/**
 * Word overlap, raised when two sentences report the same dated event (two sources on one story) or when two
 * reported events come from one document (one story told twice).
 */
function similarityOf(left: Candidate, right: Candidate): number {
  const overlap = jaccard(left.terms, right.terms);
  if (
    left.group === 'events' &&
    right.group === 'events' &&
    ((left.passage.passageId.split('#')[0] === right.passage.passageId.split('#')[0] && overlap > 0.2) ||
      (eventMonth(left) !== '' && eventMonth(left) === eventMonth(right) && overlap > 0.15))
  )
    return 1;
  const leftDates = left.text.match(fullDatePattern) ?? [];
  if (
    left.group === right.group &&
    leftDates.length &&
    overlap > 0.2 &&
    leftDates.some((date) => right.text.includes(date))
  )
    return 1;
  return overlap;
}

const fullDatePattern =
  /\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) (19|20)\d{2}\b/g;

function jaccard(left: Set<string>, right: Set<string>): number {
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const term of left) if (right.has(term)) shared++;
  return shared / (left.size + right.size - shared);
}
