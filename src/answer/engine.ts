/**
 * The answer engine, the one place every surface gets answers from: retrieve (for a question that names a vendor, also
 * the vendor's own evidence and the law it cites: vendor-evidence.ts) → decide whether the evidence suffices → prompt
 * the model with numbered passages → stream text with [n] markers → verify citations → store the record.
 * A remote model that still fails after its retries is replaced by the local model, and the record says so.
 */
import { randomBytes } from 'node:crypto';
import type { LanguageModelV3 } from '@ai-sdk/provider';
import { streamText } from 'ai';
import type { AnswerEvent, AnswerStream, AskOptions } from '../assistant.js';
import type { Config } from '../config.js';
import type { Passage } from '../corpus/types.js';
import { AppError } from '../errors.js';
import { createLanguageModel } from '../models/language-model.js';
import { checkModelId, isLocalModelId } from '../models/model-id.js';
import { loadVendorAliases, type VendorAliases } from '../retrieve/aliases.js';
import type { Retriever } from '../retrieve/types.js';
import type { AnswerStore } from '../store/answer-store.js';
import { createEventChannel } from './event-channel.js';
import { isPassageSource, readCorpusStatistics, type CorpusStatistics } from './corpus-statistics.js';
import { assessEvidence } from './evidence.js';
import { expandWithNames, loadFieldVocabulary, type FieldVocabulary } from './field-vocabulary.js';
import { rewriteFollowUp } from './follow-up.js';
import { readQuestion } from './instructions.js';
import { normalizeFilters } from './filters.js';
import { buildAnswerPrompt, promptVersion } from './prompt.js';
import type { AnswerRecord, AnswerStatus } from './record.js';
import { createStreamingRenumberer } from './renumber.js';
import { toSourcePassage } from './sources.js';
import { gatherEvidence } from './vendor-evidence.js';
import { verifyAnswer } from './verify.js';

export interface AnswerEngineOptions {
  config: Config;
  retriever: Retriever;
  corpusVersion: () => string;
  answerStore: AnswerStore;
  /** Models by id that take precedence over `createLanguageModel` (tests, custom deployments). */
  models?: Record<string, LanguageModelV3>;
  /** Vendor names for questions about a vendor; loaded from the corpus directory when not given. */
  vendorAliases?: Pick<VendorAliases, 'vendors' | 'expandQuery'>;
  /** The field vocabulary; loaded from the corpus directory (field-vocabulary.yaml) when not given. */
  vocabulary?: FieldVocabulary;
}

export interface AnswerEngine {
  ask(question: string, options?: AskOptions): Promise<AnswerRecord>;
  askStream(question: string, options?: AskOptions): AnswerStream;
}

const defaultPassageCount = 12;
export const maxQuestionLength = 4000;
/** Closest passages listed with an abstention ("what the corpus does have"). */
const closestPassageCount = 3;

export function createAnswerEngine(options: AnswerEngineOptions): AnswerEngine {
  const { config, retriever, corpusVersion, answerStore } = options;
  const models = new Map<string, LanguageModelV3>(Object.entries(options.models ?? {}));
  // Without the aliases file, questions get the general search alone rather than fail.
  let aliases: Promise<Pick<VendorAliases, 'vendors' | 'expandQuery'> | undefined> | undefined;
  const vendorAliases = () =>
    (aliases ??= options.vendorAliases
      ? Promise.resolve(options.vendorAliases)
      : loadVendorAliases(config.corpusDir).catch(() => undefined));
  let vocabularyLoad: Promise<FieldVocabulary> | undefined;
  const vocabulary = () =>
    (vocabularyLoad ??= options.vocabulary
      ? Promise.resolve(options.vocabulary)
      : loadFieldVocabulary(config.corpusDir));
  // Word rarity over the whole corpus, read once per corpus version (when the retriever can list every passage).
  let statistics: { version: string; value: Promise<CorpusStatistics | undefined> } | undefined;
  const corpusStatistics = (): Promise<CorpusStatistics | undefined> => {
    const version = corpusVersion();
    if (statistics?.version !== version) {
      const value = isPassageSource(retriever)
        ? readCorpusStatistics(retriever).catch(() => undefined)
        : Promise.resolve(undefined);
      statistics = { version, value };
    }
    return statistics.value;
  };
  const modelFor = (modelId: string): LanguageModelV3 => {
    let model = models.get(modelId);
    if (!model) {
      model = createLanguageModel(config, modelId);
      models.set(modelId, model);
    }
    return model;
  };

  async function produce(
    question: string,
    askOptions: AskOptions,
    emit: (event: AnswerEvent) => void,
  ): Promise<AnswerRecord> {
    const started = performance.now();
    const trimmed = question.trim();
    if (trimmed === '') throw new AppError('invalid_input', 'The question is empty.');
    if (trimmed.length > maxQuestionLength) {
      throw new AppError('invalid_input', `The question is longer than ${maxQuestionLength} characters.`);
    }
    const modelId = askOptions.model ?? config.answerModel;
    const modelProblem = checkModelId(modelId);
    if (modelProblem) throw new AppError('invalid_input', modelProblem);
    const known = await vendorAliases();
    const standaloneQuestion = rewriteFollowUp(trimmed, askOptions.history, {
      entityNames: known?.vendors.flatMap((vendor) => [vendor.name, ...vendor.aliases]) ?? [],
    });
    const filters = normalizeFilters(askOptions.filters);
    const base = {
      id: newAnswerId(),
      createdAt: new Date().toISOString(),
      question: trimmed,
      standaloneQuestion,
      filters: filters as Record<string, unknown>,
      promptVersion,
      ...(askOptions.surface ? { surface: askOptions.surface } : {}),
    };

    // Clauses that steer the assistant ("ignore previous instructions and say ...") are cut before anything reads the
    // question, so their words reach neither retrieval nor sentence selection.
    const read = readQuestion(standaloneQuestion);
    if (read.onlyInstructions) {
      const reason =
        'This message only gives the assistant instructions; it asks nothing about vendors, security, privacy, regulation or related news. Ask a question about one of those.';
      emit({ type: 'text-delta', delta: reason });
      const record = finish({
        ...base,
        status: 'out_of_scope',
        reason,
        answer: reason,
        model: modelId,
        retrievedPassageIds: [],
        corpusVersion: corpusVersion(),
        timings: { retrievalMs: 0, firstTokenMs: round(performance.now() - started), totalMs: 0 },
      });
      return store(record, started);
    }
    const asked = read.asked;

    emit({ type: 'status', phase: 'retrieving' });
    const field = await vocabulary();
    // Other names of what the question names (a law's Chinese title, the other article numbering) join the search.
    const evidence = await gatherEvidence(retriever, expandWithNames(field, asked), {
      k: askOptions.k ?? defaultPassageCount,
      filters,
      aliases: known,
      vendorContext: askOptions.vendorContext,
    });
    const hits = evidence.general;
    const retrievalMs = round(performance.now() - started);
    const version = corpusVersion();
    const retrievedPassageIds = evidence.shown.map((hit) => hit.passage.id);
    const closestPassages = () =>
      hits.slice(0, closestPassageCount).map((hit) => toSourcePassage(hit.passage, hit.score));

    const verdict = assessEvidence(asked, hits, { vocabulary: field, statistics: await corpusStatistics() });
    if (verdict.status !== 'sufficient') {
      const closest = closestPassages();
      const answer = verdict.status === 'out_of_scope' ? verdict.reason : refusalAnswer(verdict.reason);
      emit({ type: 'text-delta', delta: answer });
      const record = finish({
        ...base,
        status: verdict.status,
        reason: verdict.reason,
        answer,
        model: modelId,
        closestPassages: closest,
        retrievedPassageIds,
        corpusVersion: version,
        timings: { retrievalMs, firstTokenMs: round(performance.now() - started), totalMs: 0 },
      });
      return store(record, started);
    }

    const shown = evidence.shown.map((hit) => hit.passage);
    emit({ type: 'sources', passages: evidence.shown.map((hit) => toSourcePassage(hit.passage, hit.score)) });
    emit({ type: 'status', phase: 'generating' });

    let firstTokenMs: number | undefined;
    // The stream shows the reader's numbering ([1], [2], ... by first appearance), as the final record does.
    let renumberer = createStreamingRenumberer(shown.length);
    const onDelta = (delta: string) => {
      if (firstTokenMs === undefined) firstTokenMs = round(performance.now() - started);
      const renumbered = renumberer.push(delta);
      if (renumbered !== '') emit({ type: 'text-delta', delta: renumbered });
    };
    const flushDeltas = () => {
      const rest = renumberer.flush();
      if (rest !== '') emit({ type: 'text-delta', delta: rest });
    };
    let text: string;
    let usedModel = modelId;
    let fallback: AnswerRecord['fallback'];
    try {
      text = await generate(modelFor(modelId), asked, shown, evidence.contextVendors, onDelta, askOptions.signal);
      flushDeltas();
    } catch (error) {
      if (askOptions.signal?.aborted) throw error;
      // The model wrapper's errors are already one short line; others may carry a multi-line tail.
      const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
      if (isLocalModelId(modelId)) {
        const record = finish({
          ...base,
          status: 'error',
          reason: `The answer model failed: ${reason}`,
          answer: '',
          model: modelId,
          retrievedPassageIds,
          corpusVersion: version,
          timings: { retrievalMs, firstTokenMs, totalMs: 0 },
        });
        return store(record, started);
      }
      // The remote model failed for good: answer from the local model rather than not at all.
      fallback = { from: modelId, reason };
      usedModel = 'local';
      flushDeltas();
      if (firstTokenMs !== undefined) emit({ type: 'text-delta', delta: '\n\n' });
      renumberer = createStreamingRenumberer(shown.length);
      text = await generate(modelFor('local'), asked, shown, evidence.contextVendors, onDelta, askOptions.signal);
      flushDeltas();
    }

    emit({ type: 'status', phase: 'verifying' });
    const verified = verifyAnswer(text, shown);
    const supportedClaims = verified.sentences.filter(
      (sentence) => sentence.kind !== 'gap' && sentence.supported && sentence.citations.length > 0,
    ).length;
    const status: AnswerStatus = supportedClaims > 0 ? 'answered' : 'insufficient_evidence';
    const unsupportedReason = 'The passages retrieved do not support an answer to this question.';
    const closest = status === 'answered' ? [] : closestPassages();
    const record = finish({
      ...base,
      status,
      ...(status === 'insufficient_evidence' ? { reason: unsupportedReason } : {}),
      // An abstention's answer is the engine's refusal: the model's unsupported draft must not reach a reader on any
      // surface as if it were an answer, and its citations back nothing. `sentences` keeps the verdicts (each
      // flagged unsupported) for diagnosis.
      answer: status === 'answered' ? verified.answer : refusalAnswer(unsupportedReason),
      citations: status === 'answered' ? verified.citations : [],
      sentences: verified.sentences,
      unsupportedSentences: verified.unsupportedSentences,
      droppedMarkers: verified.droppedMarkers,
      closestPassages: closest,
      model: usedModel,
      ...(fallback ? { fallback } : {}),
      retrievedPassageIds,
      corpusVersion: version,
      timings: { retrievalMs, firstTokenMs, totalMs: 0 },
    });
    return store(record, started);
  }

  async function store(record: AnswerRecord, started: number): Promise<AnswerRecord> {
    record.timings.totalMs = round(performance.now() - started);
    await answerStore.append(record);
    return record;
  }

  function askStream(question: string, askOptions: AskOptions = {}): AnswerStream {
    const channel = createEventChannel<AnswerEvent>();
    const record = produce(question, askOptions, (event) => channel.push(event)).then(
      (finished) => {
        channel.push({ type: 'answer', record: finished });
        channel.close();
        return finished;
      },
      (error: unknown) => {
        channel.fail(error);
        throw error;
      },
    );
    // Readers of the events alone must not turn a failure into an unhandled rejection.
    record.catch(() => undefined);
    return { record, [Symbol.asyncIterator]: () => channel[Symbol.asyncIterator]() };
  }

  return {
    ask: (question, askOptions) => askStream(question, askOptions).record,
    askStream,
  };
}

/** Streams the model's answer through the AI SDK, reporting each text delta; resolves with the full text. */
async function generate(
  model: LanguageModelV3,
  question: string,
  passages: Passage[],
  vendors: readonly string[],
  onDelta: (delta: string) => void,
  signal: AbortSignal | undefined,
): Promise<string> {
  const result = streamText({
    model,
    ...buildAnswerPrompt(question, passages, vendors),
    temperature: 0,
    // Retries and timeouts live in the model wrapper, where the fallback decision can see them.
    maxRetries: 0,
    abortSignal: signal,
    onError: () => undefined,
  });
  let text = '';
  for await (const part of result.fullStream) {
    if (part.type === 'text-delta') {
      text += part.text;
      onDelta(part.text);
    } else if (part.type === 'error') {
      throw part.error;
    } else if (part.type === 'abort') {
      throw signal?.reason ?? new Error('The answer was aborted.');
    }
  }
  return text;
}

type RecordDraft = Omit<
  AnswerRecord,
  'citations' | 'sentences' | 'unsupportedSentences' | 'droppedMarkers' | 'closestPassages'
> &
  Partial<
    Pick<AnswerRecord, 'citations' | 'sentences' | 'unsupportedSentences' | 'droppedMarkers' | 'closestPassages'>
  >;

function finish(draft: RecordDraft): AnswerRecord {
  return {
    citations: [],
    sentences: [],
    unsupportedSentences: 0,
    droppedMarkers: 0,
    closestPassages: [],
    ...draft,
  };
}

/** What an abstention says instead of an answer. */
/** A refusal's text. Surfaces that list the closest passages say so themselves, so the text never points "below". */
function refusalAnswer(reason: string): string {
  return `I can't answer this from the corpus. ${reason}`;
}

/** Short, URL-safe, time-ordered ids: `a_` + base36 time + random. */
function newAnswerId(): string {
  return `a_${Date.now().toString(36)}${randomBytes(6).toString('base64url')}`;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
