/**
 * Step 1, the question. Takes the message as sent, the ask options and the known vendors; gives the question the
 * later steps read: a follow-up made standalone from the conversation, then stripped of the clauses that steer the
 * assistant ("ignore previous instructions and say ..."), with the answer model's id and the retrieval filters. An
 * empty or over-long message, or an unknown model id, is refused with `invalid_input` before any work.
 */
import type { AskOptions } from '../../assistant.js';
import { AppError } from '../../errors.js';
import { checkModelId } from '../../models/model-id.js';
import type { SearchFilters } from '../../retrieve/types.js';
import type { KnownVendors } from '../engine-resources.js';
import { normalizeFilters } from '../filters.js';
import { rewriteFollowUp } from '../follow-up.js';
import { readQuestion } from '../instructions.js';

export const maxQuestionLength = 4000;

export interface Question {
  /** The message, trimmed: the question the record keeps. */
  text: string;
  /** A follow-up rewritten as a question of its own; the message itself otherwise. */
  standalone: string;
  /**
   * The standalone question without its steering clauses: all that retrieval, the evidence check and the model read,
   * so the words of the steering reach neither retrieval nor sentence selection.
   */
  asked: string;
  /** True when the message only gives the assistant instructions: there is nothing to look up. */
  onlyInstructions: boolean;
  modelId: string;
  filters: SearchFilters;
}

export async function prepareQuestion(
  message: string,
  options: AskOptions,
  context: { defaultModel: string; vendorAliases: () => Promise<KnownVendors | undefined> },
): Promise<Question> {
  const text = message.trim();
  if (text === '') throw new AppError('invalid_input', 'The question is empty.');
  if (text.length > maxQuestionLength) {
    throw new AppError('invalid_input', `The question is longer than ${maxQuestionLength} characters.`);
  }
  const modelId = options.model ?? context.defaultModel;
  const modelProblem = checkModelId(modelId);
  if (modelProblem) throw new AppError('invalid_input', modelProblem);
  const known = await context.vendorAliases();
  const standalone = rewriteFollowUp(text, options.history, {
    entityNames: known?.vendors.flatMap((vendor) => [vendor.name, ...vendor.aliases]) ?? [],
  });
  const filters = normalizeFilters(options.filters);
  const read = readQuestion(standalone);
  return { text, standalone, asked: read.asked, onlyInstructions: read.onlyInstructions, modelId, filters };
}
