/**
 * The offline answer model: an AI SDK `LanguageModelV3` that writes only sentences taken verbatim from the numbered
 * passages in its prompt. It picks the sentences that best answer the question (relevance plus diversity, maximal
 * marginal relevance), leads with the most direct one, groups the rest (law and regulation, reported events with
 * their dates, guidance and standards, counterpoints and limits, vendor facts, questions to ask) and cites every
 * sentence. It is deterministic: the same prompt always gives the same text.
 *
 * Two additions keep quoted sentences honest out of their context: a sentence that opens with "This", "These", "It"
 * ... is left out (its referent is elsewhere), and the only words ever added are labels taken from the passage's
 * metadata: a news item's day of publication before an undated event it reports, and the law and article before a
 * sentence quoted from that article. A question about a named vendor's risk as a whole ("Is X a security risk?")
 * leads with the vendor's legal exposure, prefers the law's own text to summaries of it, keeps to events that bear
 * on the risk, and ends with a question to ask the vendor.
 */
import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3GenerateResult,
  LanguageModelV3StreamPart,
  LanguageModelV3StreamResult,
  LanguageModelV3Usage,
} from '@ai-sdk/provider';
import { askingAndScene } from '../../text/asking-sentences.js';
import { splitCitedSentences } from '../../text/cited-sentences.js';
import { formatDate } from '../../text/dates.js';
import { headingSeparator } from '../../text/headings.js';
import { citedAnchors, findLegalReferences } from '../../text/legal-citations.js';
import { mostlyHan } from '../../text/cjk.js';
import { contentTerms, isNumberTerm, termWeight } from '../../text/terms.js';
import { compileFieldWords, type FieldWords } from './field-words.js';
import { askedQuantity, statesQuantity, type QuantityKind } from '../../text/asked-quantity.js';
import { noAnswerWords, readLocalModelInput, type AnswerWords, type PromptPassage } from './input.js';
import { verdictOf } from './verdict.js';

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
  questions: 2,
};

interface Candidate {
  passage: PromptPassage;
  text: string;
  terms: Set<string>;
  /** Weighted share of the question's terms in this sentence. */
  direct: number;
  /** The same share with the words of the passage's title and heading, which frame the sentence, counted half. */
  framed: number;
  /** Weighted share of the question's terms in the sentence's passage (with its title and heading). */
  passageRelevance: number;
  relevance: number;
  group: Group;
  order: number;
  /** A vendor profile sentence saying which laws the vendor is subject to: the lead of a vendor-risk answer. */
  exposure: boolean;
  /** For a sentence that points back ("They must ..."): the sentence before it, quoted with it. */
  antecedent?: Candidate;
  /** For a question of several parts ("A vs B", "X + Y", "... and what ...?"): the weighted share of each part. */
  partCoverage: number[];
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

  /**
   * The answer text for a call whose `providerOptions.local` carries the question and the numbered passages as data
   * (`buildAnswerPrompt` puts them there). Without them there is nothing to quote, so the answer says so.
   */
  write(options: Pick<LanguageModelV3CallOptions, 'prompt' | 'providerOptions'>): string {
    const input = readLocalModelInput(options.providerOptions);
    if (!input) return noEvidenceAnswer;
    return composeAnswer(input.question, input.passages, this.maxSentences, input.vendors, input.words);
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
    const delay = this.chunkDelayMs;
    const pieces = streamPieces(text, delay);
    const parts: LanguageModelV3StreamPart[] = [
      { type: 'stream-start', warnings: [] },
      { type: 'response-metadata', id: 'local', modelId: this.modelId, timestamp: new Date(0) },
      { type: 'text-start', id: 'text-0' },
      ...pieces.map((delta): LanguageModelV3StreamPart => ({ type: 'text-delta', id: 'text-0', delta })),
      { type: 'text-end', id: 'text-0' },
      { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: usage(options, text) },
    ];
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

/**
 * Characters a streamed piece holds at least, unpaced. Every piece passes through each stage of the AI SDK's stream
 * (several web streams); word by word, that machinery cost about a fifth of a local answer's CPU time, while pieces
 * of a few words still let a reader watch the answer grow.
 */
const unpacedPieceLength = 40;

/**
 * The answer cut into streamed pieces: word by word when paced (a delay per piece, like a remote model's tokens),
 * otherwise whole words gathered to at least `unpacedPieceLength` characters, a line end closing a piece.
 */
export function streamPieces(text: string, delayMs: number): string[] {
  const words = text.match(/\S+\s*|\s+/g) ?? [];
  if (delayMs > 0) return words;
  const pieces: string[] = [];
  let piece = '';
  for (const word of words) {
    piece += word;
    if (piece.length >= unpacedPieceLength || word.includes('\n')) {
      pieces.push(piece);
      piece = '';
    }
  }
  if (piece !== '') pieces.push(piece);
  return pieces;
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

/**
 * Picks, orders, groups and cites sentences from the passages. Pure and deterministic. `vendors` are the vendors the
 * question is asked about without naming them (a questionnaire's Vendor column): they count as named wherever the
 * answer decides which vendor it is about, while the question's own words alone rank the sentences.
 */
export function composeAnswer(
  question: string,
  passages: readonly PromptPassage[],
  maxSentences = 12,
  vendors: readonly string[] = [],
  answerWords: AnswerWords = noAnswerWords,
): string {
  const words = compileFieldWords(answerWords);
  const compelled = asksCompelledAccess(question);
  const quantity = askedQuantity(question);
  // The question's words with the names of the vendors it is asked about: what decides which vendor it is about.
  const namedTerms = [...new Set(contentTerms([question, ...vendors].join(' ')))];
  // A vendor's own profile speaks for that vendor only: its sentences answer a question that names the vendor.
  const titleTerms = vendorTitleTerms(namedTerms, passages);
  const broad = isVendorRiskQuestion(question, titleTerms, words);
  const parts = questionParts(question);
  const candidates = collectCandidates(question, passages, words, {
    compelled,
    namedTerms,
    quantity,
    broad,
    parts,
  }).filter(
    (candidate) =>
      candidate.passage.type !== 'vendor' ||
      vendorNameOf(candidate.passage.title).some(
        (term) => !words.serviceNameTerms.has(term) && namedTerms.includes(term),
      ),
  );
  // Without a passage that shares the question's words, any sentence would be a guess.
  if (candidates.length === 0 || Math.max(...candidates.map((candidate) => candidate.passageRelevance)) < 0.15) {
    return noEvidenceAnswer;
  }

  // A question about a vendor is answered first by a sentence about that vendor, not by one that only shares its
  // other words ("Is Kaspersky still allowed in the US?" is not led by what the CLOUD Act "still allows").
  const vendor = [...titleTerms].filter((term) => !words.serviceNameTerms.has(term));
  const aboutVendor = candidates.filter((candidate) =>
    vendor.some((term) => candidate.terms.has(term) || contentTerms(candidate.passage.title).includes(term)),
  );
  const leadsFrom = (pool: Candidate[]) =>
    chooseLeads(
      pool,
      words,
      broad,
      compelled && !asksWhatHappened(question),
      asksPermission(question) ? matches(prohibitionPattern) : quantity ? quantityOf(quantity) : undefined,
    );
  const answersIt = (chosen: Candidate[]) =>
    chosen.length > 0 && Math.max(...chosen.map((lead) => lead.relevance)) >= 0.12;
  // A preference, not a filter: when nothing said about the vendor answers the question (a questionnaire's DORA row
  // asked of a cloud vendor), the most direct sentence of any source leads.
  const vendorLeads = aboutVendor.length > 0 ? leadsFrom(aboutVendor) : [];
  // "What does Article 12 say about ...?" is led by Article 12, when a sentence of it answers.
  const cited = citedPassages(question, passages);
  const citedLeads = cited.size > 0 ? leadsFrom(candidates.filter((candidate) => cited.has(candidate.passage))) : [];
  const leads = answersIt(citedLeads) ? citedLeads : answersIt(vendorLeads) ? vendorLeads : leadsFrom(candidates);
  if (!answersIt(leads)) return noEvidenceAnswer;
  // A vendor-risk answer has one more section (questions to ask) and room for one more sentence.
  const room = maxSentences + (broad ? 1 : 0) - leads.length;
  const selected = selectDiverse(candidates, leads, room, words, broad, compelled, parts.length).map((candidate) =>
    firstHandReport(candidate, candidates, leads),
  );
  // A chosen sentence that points back to a lead joins the lead rather than being quoted apart from it.
  for (const [index, lead] of leads.entries()) {
    const pair = selected.find((candidate) => candidate.antecedent === lead);
    if (!pair) continue;
    leads[index] = pair;
    selected.splice(selected.indexOf(pair), 1);
  }

  // A yes/no question is answered first with its verdict, when the lead decides it (verdict.ts).
  // A lead that points back opens with the sentence it points to.
  const opening = leads[0]!.antecedent ?? leads[0]!;
  const verdictFrom = (candidate: Candidate) =>
    verdictOf(question, candidate.text, {
      vendorTerms: vendor,
      leadPassage: `${candidate.passage.title} ${candidate.passage.heading} ${candidate.passage.text}`,
    });
  const leadVerdict = broad || mostlyHan(question) ? undefined : verdictFrom(opening);
  // The verdict stands only if no other quoted sentence decides the question the other way ("must log transfers
  // within the limits" against "the duty does not reach pilots outside them").
  const verdict =
    leadVerdict &&
    ![...leads.slice(1), ...selected].some((candidate) => {
      const other = verdictFrom(candidate.antecedent ?? candidate);
      return other !== undefined && other !== leadVerdict;
    })
      ? leadVerdict
      : undefined;
  const lines: string[] = [`${verdict ? `${verdict} — ` : ''}${leads.map(cite).join(' ')}`];
  const byGroup = new Map<Group, Candidate[]>();
  for (const candidate of selected) {
    const list = byGroup.get(candidate.group) ?? [];
    list.push(candidate);
    byGroup.set(candidate.group, list);
  }
  for (const group of groupOrder) {
    const members = byGroup.get(group);
    if (!members?.length) continue;
    // Within a group, keep the order of the sources (rank, then position), events by date; primary law first.
    members.sort((left, right) =>
      group === 'events'
        ? eventDate(left).localeCompare(eventDate(right)) || left.order - right.order
        : group === 'law'
          ? Number(isPrimaryLaw(right.passage)) - Number(isPrimaryLaw(left.passage)) || left.order - right.order
          : left.order - right.order,
    );
    lines.push('', `**${groupTitles[group]}**`, ...members.map((member) => `- ${cite(member)}`));
  }
  return lines.join('\n');
}

interface CandidateOptions {
  /** The question asks whether a State can compel access: sentences stating a duty to help count for more. */
  compelled?: boolean;
  /** The question's words with the names of the vendors it is asked about. */
  namedTerms?: readonly string[];
  /** The kind of figure the question asks for. */
  quantity?: QuantityKind;
  /** A question about a vendor's risk as a whole, whose words are too general to rank sentences by. */
  broad?: boolean;
  /** The content terms of each part of a question of several parts. */
  parts?: readonly string[][];
}

function collectCandidates(
  question: string,
  passages: readonly PromptPassage[],
  words: FieldWords,
  options: CandidateOptions = {},
): Candidate[] {
  const { compelled = false, namedTerms = contentTerms(question), quantity, broad = false, parts = [] } = options;
  // A vendor's risk as a whole, or a State's power to compel: the question's words are too general to tell sentences
  // apart, so the passage's match and the sentence's specificity weigh more.
  const general = broad || compelled;
  const questionTerms = [...new Set(contentTerms(question))];
  if (questionTerms.length === 0 || passages.length === 0) return [];

  // Weight question terms by how few passages contain them: the distinguishing words count most.
  const passageTerms = passages.map(
    (passage) => new Set(contentTerms(`${passage.title} ${passage.heading} ${passage.text}`)),
  );
  // In a question that sets a scene before it asks ("We are a ... vendor with ... . Does the act apply to us?"), the
  // words of the asking sentence say what the answer must be about; the scene's words count for less.
  const asking = askingTerms(question);
  const asksScope = applicabilityPattern.test(question);
  const questionHan = mostlyHan(question);
  const weights = new Map<string, number>();
  for (const term of questionTerms) {
    const frequency = passageTerms.filter((terms) => terms.has(term)).length;
    const scene = asking && !asking.has(term) ? sceneWeight : 1;
    weights.set(
      term,
      scene * termWeight(term, words.weakTerms) * (1 + 0.5 * Math.log((passages.length + 1) / (frequency + 0.5))),
    );
  }
  const totalWeight = [...weights.values()].reduce((sum, value) => sum + value, 0) || 1;
  const coverage = (terms: Set<string>) =>
    questionTerms.reduce((sum, term) => sum + (terms.has(term) ? weights.get(term)! : 0), 0) / totalWeight;
  const partCoverage = (terms: Set<string>) =>
    parts.map((part) => {
      const total = part.reduce((sum, term) => sum + (weights.get(term) ?? 0), 0) || 1;
      return part.reduce((sum, term) => sum + (terms.has(term) ? (weights.get(term) ?? 0) : 0), 0) / total;
    });

  // Passages in the other language than the question (the Chinese text of the law an English question names) share
  // no words with it. Retrieval reached them through the law's other names; what still tells them apart is the
  // article number the question cites (Article 40 and 第四十条 both give the term "40") and their rank.
  const crossing = crossLanguage(question, passages, (index) => coverage(passageTerms[index]!));
  const numbers = questionTerms.filter(isNumberTerm);
  const cites = (terms: Set<string>) => numbers.length > 0 && numbers.every((number) => terms.has(number));
  // Once a passage has the cited article, the others that only share the law's name are beside the question.
  const citedFound = passages.some((passage, index) => crossing.has(passage) && cites(passageTerms[index]!));
  const crossRelevance = (terms: Set<string>) =>
    cites(terms) ? crossCitedRelevance : citedFound ? crossBackgroundRelevance : crossNamedRelevance;

  const candidates: Candidate[] = [];
  passages.forEach((passage, passageIndex) => {
    const crossed = crossing.has(passage);
    const passageRelevance = crossed
      ? crossRelevance(passageTerms[passageIndex]!)
      : coverage(passageTerms[passageIndex]!);
    // The passage's title and heading frame each of its sentences: "The examples listed are ..." in "GDPR › Article 32".
    const frameTerms = new Set(contentTerms(`${passage.title} ${passage.heading}`));
    const rankPrior = 1 - (general ? Math.min(0.3, passageIndex * 0.025) : Math.min(0.2, passageIndex * 0.015));
    let previous: Candidate | undefined;
    joinListItems(passage.text, splitCitedSentences(passage.text)).forEach((span, sentenceIndex) => {
      const antecedent = previous;
      previous = undefined;
      const text = span.text.replace(/\s+/g, ' ');
      const length = wordCount(text);
      // A statute's lead-in and its items ("(a) ... (b) ...", or items separated by semicolons) are one sentence; it
      // is kept whole or not at all. A statute's sentence states its conditions and consequences together (a higher
      // fine "where the breach recurs" is one of its clauses), so it may run longer where the reader reads its
      // language.
      const longest = isEnumeration(text) ? 300 : isPrimaryLaw(passage) && mostlyHan(text) === questionHan ? 150 : 90;
      if (length < 6 || length > longest || looksLikeInstruction(text) || isMetaSentence(text, words)) return;
      // "They must ...", "These include ...": the referent is in the sentence before. Such a sentence is quoted only
      // together with that sentence, or not at all.
      const dependent = dependsOnContext(text, passage);
      if (dependent && !antecedent) return;
      // A question in a judgment or a statute is the source's own question, not one to put to a vendor.
      if (text.trim().endsWith('?') && passage.type !== 'vendor' && passage.type !== 'guidance') return;
      // A sentence that quotes the question back ("had been asked the question "Is ...?"") adds nothing.
      if (restatesQuestion(text, question)) return;
      const ownTerms = new Set(contentTerms(text));
      const terms = dependent ? new Set([...antecedent!.terms, ...ownTerms]) : ownTerms;
      // Across languages, a passage's first sentence (the article's opening) stands for it; the rest count less.
      const direct = crossed ? passageRelevance * (sentenceIndex === 0 ? 1 : crossLaterSentence) : coverage(terms);
      const framed = crossed ? direct : (direct + coverage(new Set([...terms, ...frameTerms]))) / 2;
      // A sentence that names a provision or a year is more specific than one that does not; in an answer on a
      // vendor's risk as a whole, a sentence of a law's own article is as specific (the label names the article).
      const informative =
        /\b(Art(icle)?s?\.?|Section|§|Regulation)\s*\d+/.test(text) ||
        (general && isPrimaryLaw(passage) && namesProvision(passage))
          ? 1
          : /\b(19|20)\d{2}\b/.test(text)
            ? 0.5
            : 0;
      const positionBonus = sentenceIndex === 0 ? (general ? 0.05 : 0.03) : 0;
      // The law itself outranks a summary of it, where both are shown.
      const operative = normativePattern.test(text) || (asksScope && scopePattern.test(text));
      const primaryBonus = isPrimaryLaw(passage) && operative ? (general ? 0.15 : 0.1) : 0;
      // "Can they force ...?": the sentences that state a duty to help answer it, whatever words they share with it.
      const dutyBonus = compelled && compulsionPattern.test(text) ? 0.15 : 0;
      // "How long ...?" is answered by a sentence with a period, "how much ...?" by one with an amount.
      const quantityBonus = quantity && statesQuantity(text, quantity) ? 0.2 : 0;
      // A sentence is ranked by what it says itself, framed by its heading, unless the question's words are general.
      const weighted = general
        ? 0.4 * direct + 0.4 * passageRelevance + 0.2 * informative
        : 0.45 * direct + 0.25 * framed + 0.15 * passageRelevance + 0.05 * informative;
      const relevance =
        (weighted + positionBonus + primaryBonus + dutyBonus + quantityBonus) *
        rankPrior *
        // Two sentences say more than one; the pair must earn its length.
        (dependent ? 0.9 : 1);
      const candidate: Candidate = {
        passage,
        text,
        terms,
        direct,
        framed,
        passageRelevance,
        relevance,
        group: dependent ? antecedent!.group : classify(text, passage, words),
        order: passageIndex * 1000 + sentenceIndex,
        exposure:
          passage.type === 'vendor' && exposurePattern.test(text) && sharesName(passage.title, namedTerms, words),
        ...(dependent ? { antecedent } : {}),
        partCoverage: partCoverage(new Set([...terms, ...frameTerms])),
      };
      candidates.push(candidate);
      if (!dependent) previous = candidate;
    });
  });
  return candidates;
}

/**
 * The passages of the provisions a question cites ("Harbour Safety Act article 12" → the passage anchored `art-12`,
 * or a paragraph of it, `art-12-2`). When the question also names the instrument of some of them, only those: "the
 * Data Act's Article 8 and the Harbour Safety Act's Article 12" does not make another law's Article 8 the one cited.
 */
function citedPassages(question: string, passages: readonly PromptPassage[]): Set<PromptPassage> {
  const anchors = citedAnchors(question);
  if (anchors.length === 0) return new Set();
  const matching = passages.filter((passage) => {
    const anchor = passage.passageId.split('#')[1] ?? '';
    return anchors.some((cited) => anchor === cited || anchor.startsWith(`${cited}-`));
  });
  const lower = question.toLowerCase();
  const named = matching.filter((passage) => {
    const name = instrumentName(passage).toLowerCase();
    return name !== '' && lower.includes(name);
  });
  return new Set(named.length > 0 ? named : matching);
}

/** Weight of a word only in the scene a question sets, relative to a word of its asking sentence. */
const sceneWeight = 0.5;

/**
 * The terms of the sentences that ask (ending with "?") in a question that also has sentences that do not (the scene);
 * undefined for a question that is all asking or all statement.
 */
export function askingTerms(question: string): Set<string> | undefined {
  const sentences = askingAndScene(question);
  return sentences && new Set(sentences.asking.flatMap((sentence) => contentTerms(sentence)));
}

/** Relevance of a passage in the other language that has the article number the question cites. */
const crossCitedRelevance = 0.6;
/** ... and of one that only shares the law's name (through retrieval): a middling match. */
const crossNamedRelevance = 0.3;
/** ... and of one without it when another passage has it. */
const crossBackgroundRelevance = 0.1;
/** A later sentence of such a passage, relative to its first. */
const crossLaterSentence = 0.8;

/**
 * The passages in the other language than the question (Chinese against English, either way), when they are at least
 * half of the passages and no passage in the question's language matches it as well as a passage that only shares
 * the law's name: then retrieval found the answer in the other language. Otherwise none, and a passage in the other
 * language is ranked by the words it shares with the question, as every passage is (a law shown in both languages
 * is quoted in the question's).
 */
function crossLanguage(
  question: string,
  passages: readonly PromptPassage[],
  relevanceOf: (index: number) => number,
): Set<PromptPassage> {
  const questionHan = mostlyHan(question);
  const crossing = new Set(passages.filter((passage) => mostlyHan(passage.text) !== questionHan));
  const sameLanguageBest = Math.max(
    0,
    ...passages.map((passage, index) => (crossing.has(passage) ? 0 : relevanceOf(index))),
  );
  return crossing.size * 2 >= passages.length && sameLanguageBest < crossNamedRelevance ? crossing : new Set();
}

/**
 * The lead: for a question about a vendor's risk as a whole, the vendor's jurisdictional exposure (which laws it is
 * subject to) and, when one frames the matter ("depends on ..."), the most direct assessment; otherwise the most
 * direct sentence alone. For "can they force the vendor to hand over data?", whose most direct sentence is often a
 * limit on the duty (a blocking statute, a court's check), the duty comes first: the vendor's exposure, else the
 * sentence that states the duty (limits come after it).
 */
function chooseLeads(
  candidates: Candidate[],
  words: FieldWords,
  broad: boolean,
  compelled: boolean,
  emphasis?: Emphasis,
): Candidate[] {
  const plain = chooseLead(candidates, words, emphasis);
  const dutyFirst = compelled && plain !== undefined;
  const exposure =
    broad || dutyFirst
      ? candidates.filter((candidate) => candidate.exposure).sort((left, right) => left.order - right.order)[0]
      : undefined;
  if (!exposure) {
    const lead =
      dutyFirst && plain.group === 'counterpoints'
        ? (chooseLead(
            candidates.filter((candidate) => candidate.group !== 'counterpoints'),
            words,
            matches(compulsionPattern),
          ) ?? plain)
        : plain;
    return lead ? [lead] : [];
  }
  const framing = chooseLead(
    candidates.filter(
      (candidate) => candidate !== exposure && candidate.group !== 'events' && words.assessment.test(candidate.text),
    ),
    words,
  );
  return framing && framing.direct >= exposure.direct ? [exposure, framing] : [exposure];
}

/**
 * The most direct sentence: the one that shares most with the question, from a well-ranked passage; a sentence of the
 * kind the question asks for (`emphasis`: a duty to help, a ban) counts more.
 */
function chooseLead(candidates: Candidate[], words: FieldWords, emphasis?: Emphasis): Candidate | undefined {
  let best: Candidate | undefined;
  let bestScore = -1;
  for (const candidate of candidates) {
    if (candidate.group === 'questions') continue;
    const rankPrior = 1 - Math.min(0.3, Math.floor(candidate.order / 1000) * 0.03);
    let score = (0.6 * candidate.direct + 0.4 * candidate.relevance) * rankPrior;
    // A sentence that frames or weighs the matter answers better than one that merely repeats the question.
    if (words.assessment.test(candidate.text)) score *= 1.25;
    if (/\b(asked|the question)\b/i.test(candidate.text)) score *= 0.6;
    if (emphasis?.(candidate.text)) score *= 1.5;
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/** "(a)", "(ii)", "(B)", "1.", "（一）": the marker that opens an item of a list. */
const listItemPattern = /^(?:\((?:[a-z]{1,4}|[A-Z]|\d{1,2})\)|\d{1,2}\.\s|[a-z]\)\s|（[一二三四五六七八九十]+）)/;

/** The kind of an item's marker: lower-case letters, capitals, digits or Chinese numerals; undefined for no item. */
function itemKind(text: string): string | undefined {
  const marker = listItemPattern.exec(text)?.[0];
  if (!marker) return undefined;
  if (/\d/.test(marker)) return /^\(/.test(marker) ? 'digit' : 'numbered';
  if (/[A-Z]/.test(marker)) return 'capital';
  if (/[a-z]/.test(marker)) return 'letter';
  return 'chinese';
}

/**
 * A statute's lead-in ("... shall disclose to a governmental entity the", "应当具备下列条件之一：") and the items that
 * complete it, written as paragraphs of their own, become one span: an item is quoted only with its lead-in, and a
 * lead-in only with its items. A lead-in is a span that does not end a sentence (it ends with a colon, a word or a
 * dash) followed by an item.
 */
export function joinListItems<Span extends { text: string; start: number; end: number }>(
  text: string,
  spans: readonly Span[],
): { text: string; start: number; end: number }[] {
  const joined: { text: string; start: number; end: number }[] = [];
  for (let index = 0; index < spans.length; index++) {
    const span = spans[index]!;
    const next = spans[index + 1];
    const leadIn = !/[.!?。！？]["”’)\]]*$/u.test(span.text) && next !== undefined && listItemPattern.test(next.text);
    if (!leadIn) {
      joined.push(span);
      continue;
    }
    // The items of one list share their kind of marker: "(2)" after "(A) ... (D)" opens the next paragraph.
    const kind = itemKind(next.text);
    let last = index + 1;
    while (last + 1 < spans.length && itemKind(spans[last + 1]!.text) === kind) last++;
    const end = spans[last]!.end;
    joined.push({ text: text.slice(span.start, end), start: span.start, end });
    index = last;
  }
  return joined;
}

/** Words in a sentence; Chinese is written without spaces, and two characters count as a word. */
function wordCount(text: string): number {
  const han = (text.match(/\p{Script=Han}/gu) ?? []).length;
  const other = text
    .replace(/\p{Script=Han}+/gu, ' ')
    .split(/\s+/)
    .filter((word) => /[\p{L}\p{N}]/u.test(word));
  return other.length + Math.ceil(han / 2);
}

/**
 * The parts of a question that asks several things: "notice periods Ruritania vs Freedonia", "the ports + the
 * tonnage limit", "at what point ..., and what must the provider then do?". Each part's content terms; none for a
 * one-part question.
 */
export function questionParts(question: string): string[][] {
  const pieces = question
    .split(
      /\s+(?:\+|&|vs\.?|versus|compared (?:with|to))\s+|[?;]\s*|,?\s+and\s+(?=(?:what|which|how|who|when|where|why|does|do|did|is|are|can|must|has|have)\b)/i,
    )
    .map((piece) => [...new Set(contentTerms(piece))])
    .filter((terms) => terms.length > 0);
  return pieces.length >= 2 ? pieces : [];
}

/** Two or more list items such as "(a) ... (b)" or "(i) ... (ii)". */
const enumerationPattern = /\((?:a|i|1)\)[^]*?\((?:b|ii|2)\)/;

/** A list in one sentence: lettered or numbered items, or three or more items separated by semicolons. */
function isEnumeration(text: string): boolean {
  return enumerationPattern.test(text) || (text.match(/[;；]/g) ?? []).length >= 2 || /[:：]\s*(?:\(|（)/.test(text);
}

const compulsionPattern =
  /\b(?:must|shall|may (?:direct|require|compel|order)|required? to|requires?|obliged|duty|compel\w*)\b.{0,100}\b(?:provide|assist\w*|cooperat\w*|support|disclose|hand over|help|give)\b/i;

/**
 * Maximal marginal relevance over the remaining sentences, with a cap per group and per passage. A first round
 * takes the best sentence of each group, so a reader sees the law, the events and the counterpoints even when one
 * kind of passage dominates the retrieved set.
 */
function selectDiverse(
  candidates: Candidate[],
  leads: Candidate[],
  limit: number,
  words: FieldWords,
  broad: boolean,
  compelled = false,
  partCount = 0,
): Candidate[] {
  const chosen: Candidate[] = [];
  const all = [...leads];
  const perGroup = new Map<Group, number>();
  const perPassage = new Map<string, number>();
  for (const lead of leads) perPassage.set(lead.passage.passageId, (perPassage.get(lead.passage.passageId) ?? 0) + 1);
  const floor = Math.max(0.12, Math.max(...leads.map((lead) => lead.relevance)) * 0.35);
  // A sentence joins the answer only for what it says itself: one that shares little of the question's weight is
  // filler, however well its passage matches.
  const directFloor = Math.max(0.08, Math.max(...candidates.map((candidate) => candidate.framed)) * 0.3);
  const pool = candidates.filter(
    (candidate) =>
      !leads.includes(candidate) &&
      !leads.some((lead) => lead.antecedent === candidate) &&
      candidate.relevance >= floor &&
      // For "can they force ...?", the sentence stating the duty answers it whatever words it shares.
      (broad || candidate.framed >= directFloor || (compelled && compulsionPattern.test(candidate.text))),
  );

  // A vendor-risk answer has its own sections for everything "context" would hold.
  // A summary of provisions whose own text is shown gives way to that text.
  const primaryShown = candidates.filter((candidate) => isPrimaryLaw(candidate.passage));
  const limitOf = (group: Group) =>
    group === 'questions' && !broad
      ? 1
      : broad
        ? { ...groupLimits, law: 3, counterpoints: 4, context: 0, questions: 1 }[group]
        : groupLimits[group];
  const pick = (allowed: (candidate: Candidate) => boolean, anyGroup = false): boolean => {
    let best: Candidate | undefined;
    let bestScore = -Infinity;
    for (const candidate of pool) {
      if (!allowed(candidate)) continue;
      // A sentence already quoted with the one that points back to it is not quoted again.
      if (chosen.some((other) => other.antecedent === candidate)) continue;
      if (!anyGroup && (perGroup.get(candidate.group) ?? 0) >= limitOf(candidate.group)) continue;
      const fromPassage = perPassage.get(candidate.passage.passageId) ?? 0;
      if (fromPassage >= 3) continue;
      // An allegation and its denial share their words by nature; in a vendor-risk answer each section is weighed
      // on its own (and against the lead).
      const compared = (
        broad ? all.filter((other) => other.group === candidate.group || leads.includes(other)) : all
      ).filter((other) => other !== candidate.antecedent);
      const similarity = Math.max(...compared.map((other) => similarityOf(candidate, other)));
      if (similarity > 0.6) continue;
      if (candidate.group === 'law' && coveredByPrimaryLaw(candidate, primaryShown)) continue;
      // In an answer on a vendor's risk, an event that bears on no risk (a spin-off plan, a product launch) is noise.
      if (broad && candidate.group === 'events' && !words.riskEvent.test(candidate.text)) continue;
      // For a vendor's risk as a whole, the question's words are too general to rank events; what the event is
      // (an allegation, a review, a ban) says more.
      const substance =
        broad &&
        ((candidate.group === 'events' && words.riskEvent.test(candidate.text)) ||
          (candidate.group === 'counterpoints' && words.denial.test(candidate.text)))
          ? 0.1
          : 0;
      const score = 0.7 * (candidate.relevance + substance) - 0.3 * similarity - 0.05 * fromPassage;
      if (score > bestScore) {
        best = candidate;
        bestScore = score;
      }
    }
    if (!best) return false;
    // The pair takes the place of its first sentence where that was chosen alone.
    const alone = best.antecedent ? chosen.indexOf(best.antecedent) : -1;
    if (alone >= 0) {
      chosen.splice(alone, 1, best);
      all.splice(all.indexOf(best.antecedent!), 1, best);
      pool.splice(pool.indexOf(best), 1);
      return true;
    }
    chosen.push(best);
    all.push(best);
    pool.splice(pool.indexOf(best), 1);
    perGroup.set(best.group, (perGroup.get(best.group) ?? 0) + 1);
    perPassage.set(best.passage.passageId, (perPassage.get(best.passage.passageId) ?? 0) + 1);
    return true;
  };

  // A first round takes the best relevant sentence of each kind (the pool holds only relevant ones, so a section
  // appears only where one falls into it). A question about a vendor's risk as a whole ends with what to ask.
  // Each part of a question of several parts ("Ruritania vs Freedonia", "the ports + the tonnage limit") gets the
  // sentence that best answers it, before any section is filled: an answer to one side only is half an answer.
  for (let part = 0; part < partCount && chosen.length < limit; part++) {
    const best = Math.max(0, ...pool.map((candidate) => candidate.partCoverage[part] ?? 0));
    const shown = Math.max(0, ...[...leads, ...chosen].map((candidate) => candidate.partCoverage[part] ?? 0));
    if (best < 0.5 || shown >= best) continue;
    pick((candidate) => (candidate.partCoverage[part] ?? 0) >= best, true);
  }
  for (const group of groupOrder) {
    if (chosen.length >= limit) break;
    if (group !== 'questions' || broad) pick((candidate) => candidate.group === group);
  }
  while (chosen.length < limit && pick(() => true));
  return chosen;
}

const legalReferencePattern = /\b(Art(icle)?s?\.?\s*\d+|Section\s*\d+|§\s*\d+|Law|Act|Regulation|Directive|Code)\b/;
// Past-tense verbs of reporting and acting: "reports" is left out, since "SOC 2 reports" are documents, not events.
const reportingPattern =
  /\b(reported|announced|said|stated|fined|banned|designated|added|ordered|published|issued|decided|ruled|recalled|warned|reviewing|launched|opened|imposed|removed)\b/i;
const datePattern = /\b(19|20)\d{2}\b/;

function classify(text: string, passage: PromptPassage, words: FieldWords): Group {
  if (text.trim().endsWith('?')) return 'questions';
  // "No US regulator has published a finding": the absence of an event weighs against the risk.
  if (/\bno\b[^.;:]{0,40}\b(?:has|have)\s+(?:published|imposed|issued|found|taken)\b/i.test(text))
    return 'counterpoints';
  const reportedEvent = reportingPattern.test(text) && (datePattern.test(text) || passage.type === 'news');
  if ((passage.type === 'vendor' || passage.type === 'news') && reportedEvent) return 'events';
  if (words.counterpoint.test(text) || /counterpoint/i.test(passage.heading)) return 'counterpoints';
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

function isMetaSentence(text: string, words: FieldWords): boolean {
  // "Source: ISO/IEC 27001:2022 A.5.19 ...": a reference line, not a statement.
  if (/^(?:Sources?|References?|See also):/i.test(text)) return true;
  return words.editorialNote.test(text);
}

function cite(candidate: Candidate): string {
  if (!candidate.antecedent) return citeSentence(candidate, candidate.text);
  // The sentence it points back to comes first, labelled; the pointing sentence follows as written, with its own
  // marker so that its own span is quoted for it.
  return `${citeSentence(candidate.antecedent, candidate.antecedent.text)} ${withMarker(candidate.text, candidate.passage.n)}`;
}

function citeSentence(candidate: Candidate, sentence: string): string {
  // Enumerations lose their sense out of context: "Fifth, no US regulator ..." → "No US regulator ...".
  let text = sentence.replace(
    /^(First|Second|Third|Fourth|Fifth|Sixth|Finally|Also|Moreover|In addition),\s+(\p{L})/u,
    (_match, _ordinal: string, letter: string) => letter.toUpperCase(),
  );
  // Reported events carry their date: a news item's day of publication when the sentence itself has no year. A
  // vendor profile's date is when the profile was written, and a placeholder date (the corpus marks it unconfirmed)
  // stands for an unknown day; neither dates an event, so neither is added.
  const published = candidate.passage.published;
  if (
    candidate.group === 'events' &&
    candidate.passage.type === 'news' &&
    !/\b(19|20)\d{2}\b/.test(text) &&
    /^\d{4}-\d{2}-\d{2}$/.test(published) &&
    !candidate.passage.dateUnconfirmed
  ) {
    text = `${formatDate(published)}: ${text}`;
  }
  // A sentence of the law itself often names neither the law nor its article ("Every organisation ... must ...").
  const label = isPrimaryLaw(candidate.passage) ? provisionLabel(candidate.passage, text) : '';
  if (label) text = `${label}: ${text}`;
  return withMarker(text, candidate.passage.n);
}

function withMarker(text: string, n: number): string {
  const marker = `[${n}]`;
  const match = /([.!?。！？])(["”’)]*)$/.exec(text);
  if (!match) return `${text} ${marker}.`;
  // A full stop inside closing quotes moves after the marker: `"nonsense." ` → `"nonsense" [3].`
  if (match[2]) return `${text.slice(0, match.index)}${match[2]} ${marker}${match[1]}`;
  return `${text.slice(0, match.index)} ${marker}${match[1]}`;
}

// The operative words of a legal provision: what it requires, allows or forbids.
const normativePattern = /\b(must|shall|may not|required to|requires?|prohibit\w*|forbid\w*|obliged|entitled)\b/i;
/** A law's statement of whom or what it covers ("This Regulation applies to ..."). */
const scopePattern = /\b(?:appl(?:y|ies)|(?:is|are) applicable) to\b/i;
/** "Is a ferry operator covered by the act?", "which firms does it apply to?": the law's statement of its scope. */
const applicabilityPattern = /\b(?:appl(?:y|ies)|applicable|in scope|within (?:the )?scope)\b/i;

function namesProvision(passage: PromptPassage): boolean {
  return /^(?:Articles?|Sections?|§|\d+ U\.S\.C\.)\s*\S*\d/u.test(passage.heading.split(headingSeparator).at(-1) ?? '');
}

// Events that bear on a vendor's risk: allegations, reviews, bans, fines, listings, access by a State. For a
// question about a vendor's risk as a whole these, and the vendor's denials, count for more than their words share.
/**
 * Whether a vendor profile's or news item's summary of the law ("The National Intelligence Law Art. 7 requires ...")
 * only restates provisions whose own text is among the given candidates.
 */
function coveredByPrimaryLaw(candidate: Candidate, chosen: readonly Candidate[]): boolean {
  if (candidate.passage.type !== 'vendor' && candidate.passage.type !== 'news') return false;
  const references = findLegalReferences(candidate.text);
  if (references.length === 0) return false;
  const primary = chosen.filter((other) => isPrimaryLaw(other.passage));
  return references.every((reference) =>
    primary.some((other) => {
      const anchor = other.passage.passageId.split('#')[1] ?? '';
      if (anchor !== reference.anchor && !anchor.startsWith(`${reference.anchor}-p`)) return false;
      const names = [instrumentName(other.passage), other.passage.heading.split(headingSeparator)[0] ?? ''].map(
        (name) => name.toLowerCase(),
      );
      // "PRC National Intelligence Law" and "National Intelligence Law", "NIL" and "NIL".
      const cited = reference.instrument.toLowerCase();
      return names.some((name) => name !== '' && (cited === name || cited.endsWith(` ${name}`)));
    }),
  );
}

/**
 * The news item's own sentence for an event a summary reports ("The Financial Times reported on 14 November 2025
 * ..." in a vendor profile and in the FT item itself): the same event, with the dated report as its source.
 */
function firstHandReport(
  candidate: Candidate,
  candidates: readonly Candidate[],
  leads: readonly Candidate[],
): Candidate {
  if (candidate.group !== 'events' || candidate.passage.type === 'news') return candidate;
  const dates = candidate.text.match(fullDatePattern) ?? [];
  if (dates.length === 0) return candidate;
  const reports = candidates.filter(
    (other) =>
      other.passage.type === 'news' &&
      other.group === 'events' &&
      !leads.includes(other) &&
      dates.some((date) => other.text.includes(date)) &&
      jaccard(other.terms, candidate.terms) > 0.2,
  );
  return reports.sort((left, right) => right.relevance - left.relevance)[0] ?? candidate;
}

/** A passage of a law or regulation itself (not a summary of one in a vendor profile or a news item). */
function isPrimaryLaw(passage: PromptPassage): boolean {
  return passage.type === 'law' || passage.type === 'regulation';
}

/**
 * What a sentence from a primary-law passage lacks to name its provision, taken from the passage's title and heading:
 * "National Intelligence Law, Article 7" when it names neither, "National Intelligence Law" when it names the
 * article but not the law, '' when it names both or the heading names no provision.
 */
function provisionLabel(passage: PromptPassage, text: string): string {
  const unit = passage.heading.split(headingSeparator).at(-1) ?? '';
  const provision = /^(?:Articles?|Sections?|§|\d+ U\.S\.C\.)\s*[\p{L}\p{N}().-]*\p{N}[\p{L}\p{N}().-]*/u
    .exec(unit)?.[0]
    ?.replace(/[.,-]+$/, '');
  if (!provision) return '';
  const number = /\d+/.exec(provision.replace(/^\d+ U\.S\.C\.\s*/, ''))?.[0] ?? '';
  const instrument = instrumentName(passage);
  const namesProvision = new RegExp(`\\b(?:Art(?:icle)?s?\\.?|Sections?|§|U\\.S\\.C\\.)\\s*${number}\\b`).test(text);
  const namesInstrument = instrument !== '' && text.toLowerCase().includes(instrument.toLowerCase());
  if (namesProvision && namesInstrument) return '';
  if (namesProvision) return instrument;
  return instrument ? `${instrument}, ${provision}` : provision;
}

/**
 * The law's name as a reader knows it: the title without "of the People's Republic of China" and bracketed notes
 * when that is short ("National Intelligence Law"), else the short title the heading starts with ("GDPR").
 */
function instrumentName(passage: PromptPassage): string {
  const title = passage.title
    .replace(/\s*\([^)]*\)/g, '')
    .replace(/ of the People's Republic of China\b/, '')
    .split(/[,:]/)[0]!
    .trim();
  if (title !== '' && title.split(/\s+/).length <= 5 && !/\d/.test(title)) return title;
  return passage.heading.split(headingSeparator)[0]?.trim() ?? '';
}

// A demonstrative or pronoun opening a sentence points back to an earlier one.
const anaphoraPattern = /^(This|These|That|Those|Such|It|They|Its|Their)\b/;

/**
 * Whether a sentence needs its neighbours to be understood: it opens with "This", "These", "It", ... and names no
 * referent of its own (a "That ..." clause as subject, as in "That the vendor denies it is on record", is rare enough
 * to ignore).
 */
function dependsOnContext(text: string, passage: PromptPassage): boolean {
  // In a law's own text "This Regulation ..." or "This Act ..." is that law, which the label names, and "The law ..."
  // likewise; elsewhere "The reports said ...", "The memo was ..." describe something named earlier.
  if (isPrimaryLaw(passage)) return anaphoraPattern.test(text) && !selfReferencePattern.test(text);
  return anaphoraPattern.test(text) || definiteReferencePattern.test(text);
}

const selfReferencePattern =
  /^(?:This|These)\s+(?:Regulations?|Directive|Act|Law|Code|Convention|Agreement|Decision|Order|Rules?|Measures|Provisions|Part|Chapter|Title|Article|Section|Schedule|Treaty)\b/;

const definiteReferencePattern =
  /^The\s+(?:reports?|memo|episode|answer|company|firm|group|move|plan|deal|order|decision|statement|article|review|case|measure|law|rule|duty|agency|ban|fine|app|model|service)\s+(?:said|says|is|was|were|are|has|had|have|also|did|does|claimed|stressed|noted|added|reportedly|found|mentioned)\b/;

// "is subject to the CLOUD Act", "are subject to the PRC cooperation duties: National Intelligence Law Art. 7 ...".
const exposurePattern = /\b(?:is|are|remains?)\s+subject\s+to\b.{0,80}\b(?:laws?|Act|duties|jurisdiction)\b/i;

/** Whether a vendor profile's title names the vendor the question asks about. */
function sharesName(title: string, questionTerms: readonly string[], words: FieldWords): boolean {
  const named = vendorNameOf(title);
  return questionTerms.some(
    (term) => termWeight(term, words.weakTerms) >= 1 && !words.serviceNameTerms.has(term) && named.includes(term),
  );
}

/**
 * "Can Beijing make Alibaba hand over our data?", "can FISA 702 force a cloud company to help the NSA?": whether a
 * State can compel a company to give access or help. The answer leads with the duty (and the vendor's exposure to it).
 */
export function asksCompelledAccess(question: string): boolean {
  return /\b(?:force|forced|make|made|compel\w*|oblige\w*|require\w*|order)\b(?:\s+\S+){0,6}?\s+(?:to\s+)?(?:hand(?:ing)?\s+over|give|provide|disclose|turn\s+over|share|help|assist|cooperate|decrypt|grant\s+access)\b/i.test(
    question,
  );
}

/** The terms of a vendor profile's title without its "Vendor profile:" label: the vendor's name. */
function vendorNameOf(title: string): string[] {
  return contentTerms(title.replace(/^Vendor profile:\s*/i, ''));
}

/**
 * The words of the question (and of the vendors it is asked about) that are in the name of a vendor whose profile is among the passages ("kaspersky",
 * "alibaba", "cloud"). Generic name words ("cloud") are kept: whether they identify the vendor is for each use to
 * decide.
 */
function vendorTitleTerms(namedTerms: readonly string[], passages: readonly PromptPassage[]): Set<string> {
  const terms = new Set(namedTerms);
  return new Set(
    passages
      .filter((passage) => passage.type === 'vendor')
      .flatMap((passage) => vendorNameOf(passage.title))
      .filter((term) => terms.has(term)),
  );
}

/** "Is Kaspersky still allowed in the US?", "can we keep using TikTok?": answered first by the ban or permission. */
function asksPermission(question: string): boolean {
  return /\b(?:(?:is|are|was|were)\s+(?:\S+\s+){0,4}?(?:still\s+|now\s+)?(?:allowed|permitted|legal|lawful|banned|prohibited)|can (?:we|i|a company|companies|us companies) (?:still |keep (?:on )?)?(?:use|using|buy|deploy|keep))\b/i.test(
    question,
  );
}

const prohibitionPattern =
  /\b(?:bann?(?:ed|s)?|prohibit\w*|may not|must not|no longer|not allowed|allowed|permitted|unlawful|illegal)\b/i;

/** What a lead of the asked kind says: a ban, a duty to help, a figure of the asked kind. */
type Emphasis = (text: string) => boolean;

const matches =
  (pattern: RegExp): Emphasis =>
  (text) =>
    pattern.test(text);

/** "How long ...?" is answered by a period, "how much ...?" by an amount, "when ...?" by a date. */
const quantityOf =
  (kind: QuantityKind): Emphasis =>
  (text) =>
    statesQuantity(text, kind);

/** "What did the Financial Times report ...?": a question that also asks what happened keeps the report first. */
function asksWhatHappened(question: string): boolean {
  return /\b(?:report(?:ed|s)?|announc\w*|news|happened|what did)\b/i.test(question);
}

/**
 * A question about a named vendor's risk as a whole: a vendor profile among the passages has the vendor's name, and
 * every other word of the question is a word of risk, use or audience. Such a question is answered from the vendor's
 * exposure down; a question about one fact of a vendor ("Why was TikTok fined in 2023?") is answered from that fact.
 */
function isVendorRiskQuestion(question: string, vendorTerms: ReadonlySet<string>, words: FieldWords): boolean {
  if (vendorTerms.size === 0 || words.riskQuestionTerms.size === 0) return false;
  return contentTerms(question).every((term) => vendorTerms.has(term) || words.riskQuestionTerms.has(term));
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
  // "Qwen, asked whether Alibaba Cloud is a security risk to Western companies, said ...": the question told back.
  const asked = /\basked (?:whether|if)\b(.*)/i.exec(text)?.[1];
  const quotedParts = [...(text.match(/["“][^"”]{10,}["”]/g) ?? []), ...(asked ? [asked] : [])];
  for (const quoted of quotedParts) {
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
    // A news item tells one story; a vendor profile lists several.
    ((left.passage.type === 'news' &&
      left.passage.passageId.split('#')[0] === right.passage.passageId.split('#')[0] &&
      overlap > 0.2) ||
      (eventMonth(left) !== '' && eventMonth(left) === eventMonth(right) && overlap > 0.3))
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
