/**
 * The answer engine, the one place every surface gets answers from. An answer goes through six steps, one module each
 * in steps/: read the question → retrieve → assess the evidence → compose (the model writes, streamed) → verify each
 * sentence against the passage it cites → record. A question the evidence cannot answer stops after the assessment
 * with a refusal; every outcome ends as a stored record.
 */
import type { AnswerEvent, AnswerStream, AskOptions } from '../assistant.js';
import type { AnswerStore } from '../store/answer-store.js';
import { elapsedSince } from './elapsed.js';
import { createEngineResources, type EngineResourceOptions } from './engine-resources.js';
import { createEventChannel } from './event-channel.js';
import type { AnswerRecord } from './record.js';
import { instructionsOnlyReason } from './refusals.js';
import { prepareQuestion } from './steps/1-question.js';
import { retrieve } from './steps/2-retrieve.js';
import { assess } from './steps/3-assess-evidence.js';
import { compose } from './steps/4-compose.js';
import { verify } from './steps/5-verify.js';
import {
  abstentionRecord,
  failureRecord,
  instructionsOnlyRecord,
  recordBase,
  storeRecord,
  verifiedRecord,
  type RecordContext,
} from './steps/6-record.js';
import { toSourcePassage } from './sources.js';

export { maxQuestionLength } from './steps/1-question.js';

export interface AnswerEngineOptions extends EngineResourceOptions {
  answerStore: AnswerStore;
}

export interface AnswerEngine {
  ask(question: string, options?: AskOptions): Promise<AnswerRecord>;
  askStream(question: string, options?: AskOptions): AnswerStream;
}

export function createAnswerEngine(options: AnswerEngineOptions): AnswerEngine {
  const { config, retriever, corpusVersion, answerStore } = options;
  const resources = createEngineResources(options);

  async function produce(message: string, ask: AskOptions, emit: (event: AnswerEvent) => void): Promise<AnswerRecord> {
    const started = performance.now();
    const store = (record: AnswerRecord) => {
      ask.onComputed?.();
      return storeRecord(answerStore, record, started);
    };

    const question = await prepareQuestion(message, ask, {
      defaultModel: config.answerModel,
      vendorAliases: resources.vendorAliases,
    });
    const base = recordBase(question, ask.surface);
    if (question.onlyInstructions) {
      emit({ type: 'text-delta', delta: instructionsOnlyReason });
      const recordContext = { base, modelId: question.modelId, corpusVersion: corpusVersion() };
      return store(instructionsOnlyRecord(recordContext, elapsedSince(started)));
    }

    emit({ type: 'status', phase: 'retrieving' });
    const vocabulary = await resources.vocabulary();
    const evidence = await retrieve(retriever, question, {
      k: ask.k,
      vendorContext: ask.vendorContext,
      vocabulary,
      aliases: await resources.vendorAliases(),
    });
    const context: RecordContext = {
      retrievalMs: elapsedSince(started),
      base,
      modelId: question.modelId,
      corpusVersion: corpusVersion(),
      retrievedPassageIds: evidence.shown.map((hit) => hit.passage.id),
    };

    const assessment = assess(question.asked, evidence.general, {
      vocabulary,
      statistics: await resources.corpusStatistics(),
    });
    if (!assessment.sufficient) {
      emit({ type: 'text-delta', delta: assessment.answer });
      return store(abstentionRecord(context, assessment, elapsedSince(started)));
    }

    const shown = evidence.shown.map((hit) => hit.passage);
    emit({ type: 'sources', passages: evidence.shown.map((hit) => toSourcePassage(hit.passage, hit.score)) });
    emit({ type: 'status', phase: 'generating' });
    const draft = await compose({
      question: question.asked,
      passages: shown,
      vendors: evidence.contextVendors,
      words: vocabulary.answerWords,
      modelId: question.modelId,
      model: resources.model,
      emit,
      signal: ask.signal,
      started,
    });
    if (!draft.ok) return store(failureRecord(context, draft));

    emit({ type: 'status', phase: 'verifying' });
    return store(verifiedRecord(context, draft, verify(draft.text, shown, vocabulary.weakTerms), evidence.general));
  }

  function askStream(question: string, ask: AskOptions = {}): AnswerStream {
    const channel = createEventChannel<AnswerEvent>();
    const record = produce(question, ask, (event) => channel.push(event)).then(
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
