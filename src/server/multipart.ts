/**
 * Reads a `multipart/form-data` body. The platform parser throws a bare TypeError for a client's mistakes (no
 * boundary, a body cut short, a header it cannot read); those are the caller's fault, so they become a 400 with a
 * code instead of an internal error.
 */
import { AppError } from '../errors.js';

export async function readMultipartForm(request: Request): Promise<FormData> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!/;\s*boundary=/i.test(contentType)) {
    throw new AppError('invalid_input', 'The multipart/form-data upload has no boundary in its Content-Type.');
  }
  try {
    return await request.formData();
  } catch (error) {
    // Size limits and aborts are already typed errors of their own; only the parser's complaint is rewritten.
    if (AppError.isInstance(error) || !(error instanceof TypeError)) throw error;
    throw new AppError('invalid_input', `The multipart/form-data upload could not be read: ${error.message}`, {
      cause: error,
    });
  }
}
