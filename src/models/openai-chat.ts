/**
 * Remote answer models over the OpenAI chat-completions API. Chat completions (not the Responses API) is what
 * OpenAI-compatible servers such as vLLM, Ollama, llama.cpp and LM Studio speak, so `OPENAI_BASE_URL` can point at
 * any of them.
 */
import { createOpenAI } from '@ai-sdk/openai';
import type { LanguageModelV3 } from '@ai-sdk/provider';
import type { Config } from '../config.js';

export function createOpenAIChatModel(config: Config, modelName: string): LanguageModelV3 {
  const provider = createOpenAI({
    baseURL: config.openai.baseUrl,
    // Local OpenAI-compatible servers usually need no key; the SDK still requires one to be set.
    apiKey: config.openai.apiKey ?? 'not-needed',
    name: 'openai',
  });
  return provider.chat(modelName);
}
