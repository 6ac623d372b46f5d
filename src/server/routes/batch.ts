/**
 * `POST /api/batch`: a CSV upload (text/csv, or multipart/form-data with a `file` field) answered row by row and
 * streamed back as CSV, or as NDJSON when the client asks for `application/x-ndjson`. Oversize uploads get 413; an
 * unusable file (no question column, not UTF-8) gets 400 before anything is streamed.
 */
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { answerRows } from '../../batch/answer-rows.js';
import { csvFormatter } from '../../batch/csv-output.js';
import { outputColumns } from '../../batch/output-row.js';
import { AppError } from '../../errors.js';
import type { ServerEnvironment } from '../environment.js';
import { readMultipartForm } from '../multipart.js';
import { invalid } from '../validation.js';

const batchQuerySchema = z.object({
  concurrency: z.coerce.number().int().min(1).max(16).default(4),
  column: z.string().trim().min(1).optional(),
  model: z.string().trim().min(1).optional(),
  excel: z.enum(['true', 'false', '1', '0']).optional(),
});

export function batchRoutes(): Hono<ServerEnvironment> {
  const routes = new Hono<ServerEnvironment>();

  routes.post(
    '/api/batch',
    async (context, next) =>
      bodyLimit({
        maxSize: context.get('assistant').config.batchMaxBytes,
        onError: () => {
          throw new AppError(
            'payload_too_large',
            `The upload is larger than ${context.get('assistant').config.batchMaxBytes} bytes; split the questionnaire into smaller files.`,
          );
        },
      })(context, next),
    async (context) => {
      const assistant = context.get('assistant');
      const query = batchQuerySchema.safeParse(context.req.query());
      if (!query.success) throw invalid(query.error);
      const upload = await readUpload(context.req.raw);
      const ndjson = (context.req.header('accept') ?? '').includes('application/x-ndjson');
      const excel = query.data.excel === 'true' || query.data.excel === '1';
      const formatter = csvFormatter({ byteOrderMark: excel, crlf: excel });
      const encoder = new TextEncoder();

      let controller!: ReadableStreamDefaultController<Uint8Array>;
      const body = new ReadableStream<Uint8Array>({
        start(streamController) {
          controller = streamController;
        },
      });
      const stop = new AbortController();
      context.req.raw.signal.addEventListener('abort', () => stop.abort());

      let started!: () => void;
      const headerSeen = new Promise<void>((resolve) => {
        started = resolve;
      });
      const run = answerRows({
        source: Readable.from([upload.bytes]),
        sourceName: upload.name,
        answer: (question, options) => assistant.ask(question, { ...options, model: query.data.model }),
        publicUrl: assistant.config.publicUrl,
        concurrency: query.data.concurrency,
        column: query.data.column,
        signal: stop.signal,
        onHeader: (inputColumns) => {
          if (!ndjson) controller.enqueue(encoder.encode(formatter.header(outputColumns(inputColumns))));
          started();
        },
        onRow: (row) => {
          controller.enqueue(encoder.encode(ndjson ? JSON.stringify(row.cells) + '\n' : formatter.row(row.cells)));
        },
      });

      const first = await Promise.race([headerSeen.then(() => 'streaming' as const), run]);
      if (first !== 'streaming') {
        controller.close();
        return context.json(
          { error: { code: 'invalid_input', message: `${upload.name} has no rows to answer.` } },
          400,
        );
      }
      run.then(
        (summary) => {
          if (ndjson) controller.enqueue(encoder.encode(JSON.stringify({ summary }) + '\n'));
          controller.close();
        },
        (error: unknown) => {
          const message = AppError.isInstance(error) ? error.publicMessage : 'The batch failed.';
          controller.enqueue(
            encoder.encode(
              ndjson
                ? JSON.stringify({ error: { code: 'invalid_input', message } }) + '\n'
                : formatter.row({ status: 'error', error: message }),
            ),
          );
          controller.close();
        },
      );
      return new Response(body, {
        headers: {
          'content-type': ndjson ? 'application/x-ndjson; charset=utf-8' : 'text/csv; charset=utf-8',
          'content-disposition': ndjson
            ? 'inline'
            : `attachment; filename="${upload.name.replace(/\.csv$/i, '')}.answers.csv"`,
          'cache-control': 'no-store',
        },
      });
    },
  );

  return routes;
}

async function readUpload(request: Request): Promise<{ name: string; bytes: Uint8Array }> {
  const contentType = request.headers.get('content-type') ?? '';
  if (contentType.startsWith('multipart/form-data')) {
    const form = await readMultipartForm(request);
    const file = form.get('file');
    if (!file || typeof file === 'string') {
      throw new AppError('invalid_input', 'Send the questionnaire as a multipart field named "file".');
    }
    return { name: file.name || 'upload.csv', bytes: new Uint8Array(await file.arrayBuffer()) };
  }
  if (contentType.startsWith('text/csv') || contentType.startsWith('application/csv')) {
    return { name: 'upload.csv', bytes: new Uint8Array(await request.arrayBuffer()) };
  }
  throw new AppError(
    'unsupported_media_type',
    'Send the questionnaire as text/csv, or as multipart/form-data with a field named "file".',
  );
}
