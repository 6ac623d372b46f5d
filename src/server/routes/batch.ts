/**
 * `POST /api/batch`: a questionnaire upload (CSV in any common dialect or an XLSX workbook; raw body or a multipart
 * `file` field) answered row by row. A CSV comes back as CSV, streamed; a workbook comes back as the same workbook with
 * the answers filled in; NDJSON rows stream back for either when the client accepts `application/x-ndjson`. An
 * unusable file gets 400 before anything is streamed, an oversize one 413.
 *
 * The response stream pulls: a row is written only when the client has read what came before (a bounded queue), so a
 * client that stops reading pauses the answering, and one that goes away stops it (rows not yet started are never
 * started; rows in flight are aborted).
 *
 * Given a pool, rows are answered in its worker threads (started with the first batch, shared by every batch, closed
 * with the server), so a questionnaire's CPU work uses every core and leaves this thread free for chat and the widget;
 * the stop reaches the workers' rows in flight as well.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { LazyAnswerPool } from '../../batch/answer-pool.js';
import { answerRows, type BatchRow, type BatchSummary } from '../../batch/answer-rows.js';
import { csvFormatter } from '../../batch/csv-output.js';
import { isWorkbookSource, openQuestionnaireBytes } from '../../batch/open-questionnaire.js';
import { outputColumns } from '../../batch/output-row.js';
import type { QuestionnaireSource, SourceRow } from '../../batch/questionnaire-source.js';
import { xlsxOutput } from '../../batch/xlsx-output.js';
import { AppError } from '../../errors.js';
import type { ServerEnvironment } from '../environment.js';
import { readMultipartForm } from '../multipart.js';
import { invalid } from '../validation.js';
import { allowedModel } from './answers.js';

/** Rows one upload may have answered at once. */
export const maxBatchConcurrency = 16;

const batchQuerySchema = z.object({
  concurrency: z.coerce.number().int().min(1).max(maxBatchConcurrency).default(4),
  column: z.string().trim().min(1).optional(),
  model: z.string().trim().min(1).optional(),
  excel: z.enum(['true', 'false', '1', '0']).optional(),
  sheet: z.string().trim().min(1).optional(),
  delimiter: z.string().min(1).max(9).optional(),
  encoding: z.string().trim().min(1).max(20).optional(),
});

const workbookType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const uploadTypes = ['text/csv', 'application/csv', 'text/plain', workbookType, 'application/octet-stream'];
/** Encoded rows the response may hold that the client has not read yet. */
const queuedRows = 16;

export function batchRoutes(pool?: LazyAnswerPool): Hono<ServerEnvironment> {
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
      const model = allowedModel(assistant.config, query.data.model);
      const upload = await readUpload(context.req.raw);
      const opened = await openQuestionnaireBytes(upload.bytes, upload.name, query.data);
      const source = await withFirstRow(opened);
      if (!source) {
        return context.json(
          { error: { code: 'invalid_input', message: `${upload.name} has no rows to answer.` } },
          400,
        );
      }
      const ndjson = (context.req.header('accept') ?? '').includes('application/x-ndjson');
      const stop = new AbortController();
      context.req.raw.signal.addEventListener('abort', () => stop.abort());
      const answerPool = await pool?.get();
      const answerer = answerPool ? answerPool.lane(query.data.concurrency) : { answer: assistant.ask, readAhead: 0 };
      const run = (onHeader: (inputColumns: string[]) => void, onRow: (row: BatchRow) => Promise<void> | void) =>
        answerRows({
          source,
          answer: (question, options) => answerer.answer(question, { ...options, model, signal: stop.signal }),
          publicUrl: assistant.config.publicUrl,
          concurrency: query.data.concurrency,
          readAhead: answerer.readAhead,
          signal: stop.signal,
          onHeader,
          onRow,
        });
      const baseName = safeFileName(upload.name).replace(/\.(csv|xlsx|txt)$/i, '');

      if (isWorkbookSource(source) && !ndjson) {
        const output = xlsxOutput({
          workbook: source.workbook,
          sheetName: source.sheetName,
          headerRow: source.headerRow,
        });
        await run(
          (inputColumns) => output.writeHeader(inputColumns),
          (row) => output.writeRow(row.row, row.cells),
        );
        if (stop.signal.aborted) return new Response(null, { status: 499 });
        return new Response(new Uint8Array(await output.toBuffer()), {
          headers: {
            'content-type': workbookType,
            'content-disposition': `attachment; filename="${baseName}.answers.xlsx"`,
            'cache-control': 'no-store',
          },
        });
      }

      const excel = query.data.excel === 'true' || query.data.excel === '1';
      const formatter = csvFormatter({ byteOrderMark: excel, crlf: excel });
      const stream = pullStream(() => stop.abort());
      const finished = run(
        (inputColumns) => {
          if (!ndjson) stream.send(formatter.header(outputColumns(inputColumns))).catch(() => undefined);
        },
        (row) => stream.send(ndjson ? JSON.stringify(row.cells) + '\n' : formatter.row(row.cells)),
      );
      finished.then(
        (summary: BatchSummary) => stream.end(ndjson ? JSON.stringify({ summary }) + '\n' : ''),
        (error: unknown) => {
          if (stream.gone()) return;
          const message = AppError.isInstance(error) ? error.publicMessage : 'The batch failed.';
          stream.end(
            ndjson
              ? JSON.stringify({ error: { code: 'invalid_input', message } }) + '\n'
              : formatter.row({ status: 'error', error: message }),
          );
        },
      );
      return new Response(stream.body, {
        headers: {
          'content-type': ndjson ? 'application/x-ndjson; charset=utf-8' : 'text/csv; charset=utf-8',
          'content-disposition': ndjson ? 'inline' : `attachment; filename="${baseName}.answers.csv"`,
          'cache-control': 'no-store',
        },
      });
    },
  );

  return routes;
}

/**
 * A response body that is written to only as fast as the client reads: `send` resolves once the queue has room, and
 * rejects when the client has gone, so the batch stops instead of writing to a closed stream.
 */
function pullStream(onGone: () => void) {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let gone = false;
  let ended = false;
  let room: (() => void) | undefined;
  const wakeWriter = () => {
    room?.();
    room = undefined;
  };
  const body = new ReadableStream<Uint8Array>(
    {
      start(streamController) {
        controller = streamController;
      },
      pull: wakeWriter,
      cancel() {
        gone = true;
        wakeWriter();
        onGone();
      },
    },
    new CountQueuingStrategy({ highWaterMark: queuedRows }),
  );
  const clientGone = () => new AppError('invalid_input', 'The client closed the connection.');
  return {
    body,
    gone: () => gone,
    async send(text: string): Promise<void> {
      if (gone || ended) throw clientGone();
      controller.enqueue(encoder.encode(text));
      while (!gone && (controller.desiredSize ?? 0) <= 0) {
        await new Promise<void>((resolve) => {
          room = resolve;
        });
      }
      if (gone) throw clientGone();
    },
    end(text: string): void {
      if (gone || ended) return;
      ended = true;
      if (text !== '') controller.enqueue(encoder.encode(text));
      controller.close();
    },
  };
}

/** The source with its first row read ahead, or undefined when it has none. */
async function withFirstRow(source: QuestionnaireSource): Promise<QuestionnaireSource | undefined> {
  const iterator = source.rows[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return undefined;
  async function* rows(): AsyncGenerator<SourceRow> {
    yield first.value;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return Object.assign(source, { rows: rows() });
}

function safeFileName(name: string): string {
  return (name.split(/[\\/]/).pop() ?? 'upload').replace(/[^\w.-]+/g, '_').slice(0, 100) || 'upload';
}

async function readUpload(request: Request): Promise<{ name: string; bytes: Uint8Array }> {
  const contentType = (request.headers.get('content-type') ?? '').toLowerCase();
  if (contentType.startsWith('multipart/form-data')) {
    const form = await readMultipartForm(request);
    const file = form.get('file');
    if (!file || typeof file === 'string') {
      throw new AppError('invalid_input', 'Send the questionnaire as a multipart field named "file".');
    }
    return { name: file.name || 'upload', bytes: new Uint8Array(await file.arrayBuffer()) };
  }
  if (uploadTypes.some((type) => contentType.startsWith(type))) {
    const name = contentType.startsWith(workbookType) ? 'upload.xlsx' : 'upload.csv';
    return { name, bytes: new Uint8Array(await request.arrayBuffer()) };
  }
  throw new AppError(
    'unsupported_media_type',
    'Send the questionnaire as text/csv or an XLSX workbook, or as multipart/form-data with a field named "file".',
  );
}
