/**
 * Chooses the answer model by id: `local` (or `local:<variant>`) is the offline extractive model; `openai:<model>`
 * is a chat-completions model behind timeouts and retries. Both are AI SDK `LanguageModelV3`s, so the engine has one
 * code path.
 */
import type { LanguageModelV3 } from '@ai-sdk/provider';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { checkModelId, isLocalModelId } from './model-id.js';
import { LocalExtractiveModel } from './local/extractive-model.js';
import { createOpenAIChatModel } from './openai-chat.js';
import { ResilientLanguageModel } from './resilient-model.js';

// Callers that already load model code keep importing these from here.

export function createLanguageModel(config: Config, modelId: string): LanguageModelV3 {
  const problem = checkModelId(modelId);
  if (problem) throw new AppError('invalid_input', problem);
  if (isLocalModelId(modelId)) {
    return new LocalExtractiveModel(modelId === 'local' ? 'extractive-v1' : modelId.slice('local:'.length), {
      chunkDelayMs: config.localStreamDelayMs,
    });
  }
  if (!config.openai.apiKey && !config.openai.baseUrl) {
    throw new AppError(
      'not_configured',
      `Model "${modelId}" needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local OpenAI-compatible server).`,
    );
  }
  return new ResilientLanguageModel(createOpenAIChatModel(config, modelId.slice('openai:'.length)), {
    maxRetries: config.modelMaxRetries,
    timeoutMs: config.modelTimeoutMs,
    deadlineMs: config.modelDeadlineMs,
  });
}
