/**
 * Step 4, compose. Takes the asked question, the passages shown (numbered in order), the vendors it is asked about,
 * the answer model and the event sink; gives the model's draft: text with [n] markers, streamed to the reader as it
 * comes, renumbered by first appearance ([1], [2], ...) as the final record will be. A remote model that still fails
 * after its retries is replaced by the local model, and the draft says so; a local model that fails gives a failure.
 */
import type { LanguageModelV3 } from '@ai-sdk/provider';
import { streamText } from 'ai';
import type { AnswerEvent } from '../../assistant.js';
import type { Passage } from '../../corpus/types.js';
import type { AnswerWords } from '../../models/local/input.js';
import { isLocalModelId } from '../../models/model-id.js';
import { elapsedSince } from '../elapsed.js';
import { buildAnswerPrompt } from '../prompt.js';
import type { AnswerRecord } from '../record.js';
import { createStreamingRenumberer } from '../renumber.js';

export interface ComposeInput {
  question: string;
  passages: Passage[];
  vendors: readonly string[];
  /** The field vocabulary's words the local model reads sentences by. */
  words: AnswerWords;
  modelId: string;
  model: (modelId: string) => LanguageModelV3;
  emit: (event: AnswerEvent) => void;
  signal: AbortSignal | undefined;
  /** When the answer started (`performance.now()`), for the time to the first token. */
  started: number;
}

export type Draft =
  | { ok: true; text: string; model: string; fallback?: AnswerRecord['fallback']; firstTokenMs: number | undefined }
  | { ok: false; reason: string; firstTokenMs: number | undefined };

export async function compose(input: ComposeInput): Promise<Draft> {
  const { emit, passages } = input;
  let firstTokenMs: number | undefined;
  let renumberer = createStreamingRenumberer(passages.length);
  const onDelta = (delta: string) => {
    if (firstTokenMs === undefined) firstTokenMs = elapsedSince(input.started);
    const renumbered = renumberer.push(delta);
    if (renumbered !== '') emit({ type: 'text-delta', delta: renumbered });
  };
  const flushDeltas = () => {
    const rest = renumberer.flush();
    if (rest !== '') emit({ type: 'text-delta', delta: rest });
  };
  const run = (modelId: string) => generate(input.model(modelId), input, onDelta);
  try {
    const text = await run(input.modelId);
    flushDeltas();
    return { ok: true, text, model: input.modelId, firstTokenMs };
  } catch (error) {
    if (input.signal?.aborted) throw error;
    // The model wrapper's errors are already one short line; others may carry a multi-line tail.
    const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    if (isLocalModelId(input.modelId)) return { ok: false, reason, firstTokenMs };
    // The remote model failed for good: answer from the local model rather than not at all.
    flushDeltas();
    if (firstTokenMs !== undefined) emit({ type: 'text-delta', delta: '\n\n' });
    renumberer = createStreamingRenumberer(passages.length);
    const text = await run('local');
    flushDeltas();
    return { ok: true, text, model: 'local', fallback: { from: input.modelId, reason }, firstTokenMs };
  }
}

/** Streams the model's answer through the AI SDK, reporting each text delta; resolves with the full text. */
async function generate(
  model: LanguageModelV3,
  { question, passages, vendors, words, signal }: ComposeInput,
  onDelta: (delta: string) => void,
): Promise<string> {
  const result = streamText({
    model,
    ...buildAnswerPrompt(question, passages, vendors, words),
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
