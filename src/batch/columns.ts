/**
 * Finds the columns a questionnaire uses: the question (by common names or `--column`), and the optional `id`,
 * `vendor` and `jurisdiction` columns that become retrieval filters.
 */
import { AppError } from '../errors.js';

const questionNames = ['question', 'questions', 'q', 'prompt'];

export interface QuestionColumns {
  question: string;
  id?: string;
  vendor?: string;
  jurisdiction?: string;
}

export function findColumns(header: string[], requestedColumn?: string): QuestionColumns {
  const byLowerName = new Map(header.map((name) => [name.trim().toLowerCase(), name]));
  const find = (names: string[]) => names.map((name) => byLowerName.get(name)).find((name) => name !== undefined);
  const question = requestedColumn ? byLowerName.get(requestedColumn.trim().toLowerCase()) : find(questionNames);
  if (!question) {
    const wanted = requestedColumn ? `"${requestedColumn}"` : questionNames.map((name) => `"${name}"`).join(', ');
    throw new AppError(
      'invalid_input',
      `No question column: looked for ${wanted} (any case) in the header ${JSON.stringify(header)}. Name the column with --column.`,
    );
  }
  return { question, id: find(['id']), vendor: find(['vendor']), jurisdiction: find(['jurisdiction']) };
}
