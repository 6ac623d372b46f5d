/**
 * The LLM support judge (`EVAL_JUDGE_MODEL=openai:<model>`, any OpenAI-compatible server through OPENAI_BASE_URL):
 * asks whether the passages fully support the claim and reads a structured verdict (AI SDK `Output.object` with a
 * zod schema). Verdicts are cached on disk. Use it as a second opinion on the deterministic judge, whose agreement
 * with it is reported; the gate stays on the deterministic judge so CI needs no network.
 */
import type { LanguageModelV3 } from '@ai-sdk/provider';
import { generateText, Output } from 'ai';
import { z } from 'zod';
import type { Config } from '../../src/config.js';
import { AppError } from '../../src/errors.js';
import { createOpenAIChatModel } from '../../src/models/openai-chat.js';
import type { JudgedPassage, SupportJudge } from './support-judge.js';
import { verdictKey, type VerdictCache } from './verdict-cache.js';

export const judgePromptVersion = 'support-judge-1';

export const judgeVerdictSchema = z.object({
  supported: z.boolean().describe('true only if the passages, taken together, fully support every part of the claim'),
  reason: z.string().describe('One short sentence: what supports the claim, or what is missing or contradicted'),
});

const judgeInstructions = `You check citations. Decide whether the PASSAGES, taken together, fully support the CLAIM.
Supported means a careful reader of only these passages would accept every factual part of the claim (names, numbers,
dates, obligations, who did what). Paraphrase is fine. Background knowledge does not count. If any part is missing,
contradicted or stronger than the passages say, answer supported = false.`;

export function judgePrompt(claim: string, passages: readonly JudgedPassage[]): string {
  const evidence = passages
    .map(
      (passage, index) =>
        `[${index + 1}] ${passage.title ?? ''}${passage.heading ? ` — ${passage.heading}` : ''}\n${passage.text}`,
    )
    .join('\n\n');
  return `${judgeInstructions}\n\nPASSAGES:\n${evidence}\n\nCLAIM: ${claim}`;
}

/** The judge's language model from its config id; only `openai:<model>` names an LLM. */
export function createJudgeModel(config: Config, modelId: string): LanguageModelV3 {
  if (!modelId.startsWith('openai:')) {
    throw new AppError(
      'invalid_config',
      `EVAL_JUDGE_MODEL ${modelId} is not an LLM; use openai:<model> or leave it unset.`,
    );
  }
  return createOpenAIChatModel(config, modelId.slice('openai:'.length));
}

export function llmSupportJudge(options: {
  model: LanguageModelV3;
  name: string;
  cache?: VerdictCache;
  maxRetries?: number;
  timeoutMs?: number;
}): SupportJudge & { calls: number } {
  const judge = {
    name: options.name,
    calls: 0,
    async judge(claim: string, passages: readonly JudgedPassage[]) {
      const prompt = judgePrompt(claim, passages);
      const key = verdictKey([judgePromptVersion, options.name, prompt]);
      const cached = options.cache?.get(key);
      if (cached) return cached;
      judge.calls++;
      let result;
      try {
        result = await generateText({
          model: options.model,
          output: Output.object({ schema: judgeVerdictSchema, name: 'support_verdict' }),
          prompt,
          temperature: 0,
          maxRetries: options.maxRetries ?? 2,
          abortSignal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
        });
      } catch (error) {
        throw new AppError('model_error', `The judge model ${options.name} failed: ${(error as Error).message}`, {
          cause: error,
        });
      }
      const verdict = { supported: result.output.supported, reason: result.output.reason };
      await options.cache?.set(key, verdict);
      return verdict;
    },
  };
  return judge;
}
