/** The in-process surface: `Assistant.ask`, the reference the other surfaces are compared against. */
import type { Assistant } from '../../src/assistant.js';
import type { AnswerSurface, SurfaceOutcome } from './surface.js';

export function directSurface(assistant: Assistant): AnswerSurface {
  return {
    name: 'assistant',
    canExpress: () => true,
    async answerAll(questions) {
      const outcomes = new Map<string, SurfaceOutcome>();
      for (const question of questions) {
        try {
          const record = await assistant.ask(question.question, { filters: question.filters, surface: 'eval' });
          outcomes.set(question.id, {
            status: record.status,
            citedPassageIds: record.citations.map((citation) => citation.passageId),
            answerId: record.id,
          });
        } catch (error) {
          outcomes.set(question.id, { error: error instanceof Error ? error.message : String(error) });
        }
      }
      return outcomes;
    },
  };
}
