/**
 * Request validation shared by the routes: the field schemas more than one route accepts, and how a zod failure
 * becomes a 400 `invalid_input` error naming each bad field.
 */
import { z } from 'zod';
import { AppError } from '../errors.js';

/** A YYYY-MM-DD date, as the corpus stores `published`. */
export const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

export function invalid(error: z.ZodError): AppError {
  const message = error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
  return new AppError('invalid_input', message, {
    details: { issues: error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) },
  });
}
