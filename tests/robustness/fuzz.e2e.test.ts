/**
 * A seeded, bounded fuzz run of every route against the real server in a child process on 127.0.0.1: random
 * methods, paths, headers, encodings and bodies (huge, truncated and malformed JSON and multipart, bad query
 * parameters, invalid UTF-8, raw garbage on the socket). The server must answer every request below 500, never
 * exit, and keep every answer it reported as saved. Prints "requests tried / 5xx / crashes / answers lost".
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlackServer, type FakeSlackServer } from '../helpers/fake-slack-server.js';
import { fixtureCorpus } from '../helpers/test-assistant.js';
import { seededRandom } from '../../bench/suite.js';
import { startServerProcess, type ServerProcess } from './server-process.js';

const seed = Number(process.env.FUZZ_SEED ?? 20261202);
const requestCount = Number(process.env.FUZZ_REQUESTS ?? 3000);
const concurrency = 8;

let dataDir: string;
let slack: FakeSlackServer;
let server: ServerProcess;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'diligence-fuzz-'));
  slack = await startFakeSlackServer();
  server = await startServerProcess({
    DATA_DIR: dataDir,
    CORPUS_DIR: fixtureCorpus,
    LOG_LEVEL: 'error',
    MAX_BODY_BYTES: '200000',
    BATCH_MAX_BYTES: '400000',
    SLACK_SIGNING_SECRET: 'fuzz-signing-secret',
    SLACK_BOT_TOKEN: 'xoxb-fuzz',
    SLACK_API_URL: slack.apiUrl,
  });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await slack?.close();
  await rm(dataDir, { recursive: true, force: true });
});

interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

function generator(random: () => number) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const junk = (length: number) => Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
  const questions = [
    'Is Alibaba Cloud a security risk to Western companies?',
    'What does PIPL Article 38 require?',
    'Which certifications does Alibaba Cloud hold?',
    'What does the CLOUD Act allow a provider to do?',
    '',
    ' ',
    'x'.repeat(5000),
    '\u0000\u0001',
    '\uD800',
    'SELECT * FROM passages; --',
    "' OR 1=1 --",
    '<script>alert(1)</script>',
    '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ✓ 阿里云',
  ];
  const passageIds = [
    'pipl-2021%23art-38',
    '%25zz',
    '%ff',
    '%C0%AF',
    '%ED%A0%80',
    'a'.repeat(3000),
    '..%2F..%2Fetc%2Fpasswd',
    '%00',
    "x'%20OR%201=1",
  ];
  const strings = [
    '',
    'a',
    '0',
    '-1',
    '1e309',
    'NaN',
    'true',
    '[]',
    '{}',
    '%',
    '%%',
    '\u202e',
    'a,b,,c',
    '9'.repeat(400),
  ];
  const jsonValues = (): unknown =>
    pick([null, true, 1, -1, 1.5, 1e308, '', 'text', [], {}, [1, 'a'], { nested: { deep: [1] } }, pick(questions)]);

  // Each route mostly gets bodies shaped for it, so validation is passed often enough to reach the handlers.
  const jsonBodies = (template: string): string => {
    const own =
      template === '/api/ask'
        ? 'ask'
        : template === '/api/chat'
          ? 'chat'
          : template === '/api/feedback'
            ? 'feedback'
            : undefined;
    const shape =
      own && random() < 0.6
        ? own
        : pick(['ask', 'chat', 'feedback', 'random', 'deep', 'truncated', 'huge', 'array', 'scalar']);
    switch (shape) {
      case 'ask':
        return JSON.stringify({
          question: pick(questions),
          ...(random() < 0.3 ? { k: pick([0, 1, 5, 31, -1, 1.5, '5', null]) } : {}),
          ...(random() < 0.3
            ? { filters: pick([{}, { jurisdiction: 'PRC' }, { type: 'nope' }, { vendor: [1] }, { x: 1 }, []]) }
            : {}),
          ...(random() < 0.2 ? { model: pick(['local', 'openai:gpt-4o', 'evil', '', 'local:extractive-v1']) } : {}),
          ...(random() < 0.2
            ? { history: pick([[], [{ role: 'user', content: 'hi' }], [{ role: 'system', content: 1 }], 'x']) }
            : {}),
        });
      case 'chat':
        return JSON.stringify({
          id: pick(['c1', '', 5]),
          messages: pick([
            [{ id: 'u1', role: 'user', parts: [{ type: 'text', text: pick(questions) }] }],
            [],
            [{ id: 'a1', role: 'assistant', parts: [{ type: 'text', text: 'x' }] }],
            [{ id: 'u1', role: 'user', parts: [] }],
            [{ role: 'user' }],
            'nope',
            Array.from({ length: 120 }, (_, index) => ({
              id: `u${index}`,
              role: 'user',
              parts: [{ type: 'text', text: 'q' }],
            })),
          ]),
          ...(random() < 0.3 ? { k: jsonValues(), model: jsonValues(), filters: jsonValues() } : {}),
        });
      case 'feedback':
        return JSON.stringify({
          answerId: pick(['a_x', '', 'a'.repeat(300), 1]),
          rating: pick(['up', 'down', 'meh', null]),
          comment: jsonValues(),
        });
      case 'random':
        return JSON.stringify(Object.fromEntries(Array.from({ length: 4 }, () => [pick(strings), jsonValues()])));
      case 'deep':
        return '['.repeat(5000) + ']'.repeat(5000);
      case 'truncated':
        return JSON.stringify({ question: pick(questions) }).slice(0, Math.floor(random() * 20));
      case 'huge':
        return JSON.stringify({ question: 'a'.repeat(300_000) });
      case 'array':
        return JSON.stringify([{ question: pick(questions) }]);
      default:
        return pick([
          'null',
          '1',
          '"text"',
          'true',
          '{"question": "\\ud800"}',
          '{"__proto__": {"x": 1}, "question": "q"}',
        ]);
    }
  };

  const multipart = (): { contentType: string; body: Buffer } => {
    const boundary = pick(['XyZ', '', '-'.repeat(80), 'a b']);
    const filename = pick(['q.csv', 'q\\"1.csv', '../../etc/passwd', '', 'é.csv', 'q.csv\r\nX-Injected: 1']);
    const content = pick([
      'question\nIs Alibaba Cloud a risk?\n',
      'question\n"unterminated\n',
      'no,columns\n1,2\n',
      '\uFEFFquestion\n\n',
      '',
    ]);
    const whole = `--${boundary}\r\nContent-Disposition: form-data; name="${pick(['file', 'other', ''])}"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`;
    const body = pick(['whole', 'truncated', 'no-end', 'junk']);
    const text =
      body === 'whole'
        ? whole
        : body === 'truncated'
          ? whole.slice(0, Math.floor(random() * whole.length))
          : body === 'no-end'
            ? whole.replace(/--\r\n$/, '')
            : '';
    return {
      contentType: pick([
        `multipart/form-data; boundary=${boundary}`,
        'multipart/form-data',
        `multipart/form-data; boundary="${boundary}"`,
      ]),
      body: body === 'junk' ? junk(200) : Buffer.from(text),
    };
  };

  const slackBody = (): { contentType: string; body: Buffer; headers: Record<string, string> } => {
    const headers: Record<string, string> = {
      'x-slack-request-timestamp': pick([String(Math.floor(Date.now() / 1000)), '0', 'nope', '']),
      'x-slack-signature': pick(['v0=' + 'a'.repeat(64), 'v0=', 'nope', '']),
    };
    const body = pick([
      'command=%2Fdiligence&text=Is%20Alibaba%20Cloud%20a%20risk%3F&user_id=U1&channel_id=C1&response_url=http%3A%2F%2F127.0.0.1%3A1%2F',
      'payload=%7B%22type%22%3A%22block_actions%22%7D',
      JSON.stringify({ type: 'url_verification', challenge: 'c' }),
      JSON.stringify({ type: 'event_callback', event: { type: 'app_mention', text: 'hi' } }),
      '%%%',
      '',
    ]);
    return {
      contentType: pick(['application/x-www-form-urlencoded', 'application/json', 'text/plain']),
      body: Buffer.from(body),
      headers,
    };
  };

  const query = () =>
    pick([
      '',
      `?q=${encodeLoosely(pick(questions))}`,
      `?q=alibaba&k=${pick(strings)}&method=${pick(['hybrid', 'vector', 'x'])}`,
      `?q=alibaba&from=${pick(['2024-01-01', '2024-13-45', 'x'])}&to=${pick(['', '0000-00-00'])}`,
      `?q=alibaba&type=${pick(['law', 'nope', ',,,'])}&jurisdiction=${pick(strings)}&vendor=${pick(strings)}`,
      '?q=%ff%fe',
      '?q=%zz',
      '?q=a&q=b&q=c',
      `?${'a=1&'.repeat(2000)}`,
      `?concurrency=${pick(strings)}&excel=${pick(['true', 'x'])}&column=${pick(strings)}&model=${pick(['local', 'openai:x', ''])}`,
    ]);

  return (): FuzzRequest => {
    const target = pick([
      'GET /health',
      'GET /ready',
      'GET /api/search',
      'GET /api/documents',
      'GET /api/documents/:id',
      'GET /api/passages/:id',
      'POST /api/ask',
      'POST /api/chat',
      'POST /api/feedback',
      'GET /api/answers/:id',
      'POST /api/batch',
      'POST /slack/events',
      'POST /slack/commands',
      'POST /slack/interactions',
      'GET /openapi.json',
      'GET /docs',
      'GET /widget.js',
      'GET /',
      'GET /nope',
      'OPTIONS /api/chat',
    ]);
    const [templateMethod, template] = target.split(' ') as [string, string];
    const method =
      random() < 0.15 ? pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']) : templateMethod;
    let requestPath = template
      .replace(':id', () => pick([...passageIds, pick(strings), 'pipl-2021', 'a_nope']))
      .concat(template.startsWith('/api/search') || template.startsWith('/api/batch') || random() < 0.1 ? query() : '');
    if (random() < 0.03)
      requestPath = pick(['//api//ask', '/api/ask/', '/API/ASK', '/api/./ask', '/%2e%2e/api', '/api/passages/']);
    const headers: Record<string, string> = {};
    if (random() < 0.3) headers.origin = pick(['https://evil.example', 'null', 'http://127.0.0.1', '']);
    if (random() < 0.2) headers.authorization = pick(['Bearer x', 'Bearer ', 'Basic abc', 'x'.repeat(2000)]);
    if (random() < 0.2) headers['x-widget-key'] = pick(['k', '', 'é']);
    if (random() < 0.2) headers.accept = pick(['application/x-ndjson', '*/*', 'text/csv', '']);
    if (random() < 0.1) headers['x-forwarded-for'] = pick(['1.1.1.1', 'x, y', '']);
    if (random() < 0.05) headers['content-encoding'] = pick(['gzip', 'br', 'deflate', 'nope']);
    if (random() < 0.05) headers['access-control-request-method'] = 'POST';
    let body: Buffer | undefined;
    if (method !== 'GET' && method !== 'HEAD') {
      if (template === '/api/batch') {
        const kind = pick(['multipart', 'csv', 'junk']);
        if (kind === 'multipart') {
          const part = multipart();
          headers['content-type'] = part.contentType;
          body = part.body;
        } else if (kind === 'csv') {
          headers['content-type'] = pick(['text/csv', 'application/csv', 'text/plain']);
          body = Buffer.from(
            pick(['question\nIs Alibaba Cloud a risk?\n', 'question\n', 'a,b\n1,2\n', '\uFEFFq\n"x\n', '']),
          );
        } else body = junk(Math.floor(random() * 500));
      } else if (template.startsWith('/slack/')) {
        const slackRequest = slackBody();
        headers['content-type'] = slackRequest.contentType;
        Object.assign(headers, slackRequest.headers);
        body = slackRequest.body;
      } else {
        const encoding = pick(['json', 'json', 'json', 'junk', 'latin1', 'empty', 'form']);
        headers['content-type'] = pick([
          'application/json',
          'application/json; charset=utf-8',
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data',
          '',
        ]);
        body =
          encoding === 'junk'
            ? junk(Math.floor(random() * 300))
            : encoding === 'latin1'
              ? Buffer.from(jsonBodies(template), 'latin1')
              : encoding === 'empty'
                ? Buffer.alloc(0)
                : encoding === 'form'
                  ? Buffer.from('question=hi&x=%zz')
                  : Buffer.from(jsonBodies(template));
      }
    }
    for (const name of Object.keys(headers)) if (headers[name] === '') delete headers[name];
    return { method, path: requestPath, headers, body };
  };
}

/** Percent-encodes what can be encoded; a lone surrogate goes out as the bytes of its (invalid) UTF-8 form. */
function encodeLoosely(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}

type Outcome = { status: number; answerId?: string } | { failure: string };

function send(origin: string, fuzz: FuzzRequest, random: () => number): Promise<Outcome> {
  const url = new URL(origin);
  return new Promise((resolve) => {
    let request: ReturnType<typeof httpRequest>;
    try {
      request = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          method: fuzz.method,
          path: fuzz.path,
          headers: fuzz.headers,
          timeout: 30_000,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            let answerId: string | undefined;
            if (fuzz.path === '/api/ask' && response.statusCode === 200) {
              answerId = (JSON.parse(Buffer.concat(chunks).toString()) as { id?: string }).id;
            }
            resolve({ status: response.statusCode ?? 0, answerId });
          });
          response.on('error', (error) => resolve({ failure: error.message }));
        },
      );
    } catch (error) {
      // Node's client refuses some requests outright (characters it will not put on the wire): nothing was sent.
      resolve({ failure: `not sent: ${(error as Error).message}` });
      return;
    }
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', (error) => resolve({ failure: error.message }));
    // Some clients send a body shorter than they announced, then go away.
    if (fuzz.body && random() < 0.02) {
      request.setHeader('content-length', String(fuzz.body.length + 100));
      request.write(fuzz.body);
      setTimeout(() => request.destroy(), 50);
      return;
    }
    request.end(fuzz.body);
  });
}

/** Bytes that are not HTTP at all, straight onto a socket. */
function sendRaw(origin: string, bytes: Buffer): Promise<void> {
  const url = new URL(origin);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.end(bytes));
    socket.on('data', () => undefined);
    socket.on('close', () => resolve());
    socket.on('error', () => resolve());
    socket.setTimeout(5000, () => socket.destroy());
  });
}

describe('the fuzzed server', () => {
  it(`answers ${requestCount} seeded random requests (seed ${seed}) below 500, never crashes and loses no answer`, async () => {
    const random = seededRandom(seed);
    const next = generator(random);
    const statusCounts = new Map<number, number>();
    const serverErrors: string[] = [];
    const failures: string[] = [];
    const savedAnswers: string[] = [];
    let tried = 0;
    const worker = async () => {
      while (tried < requestCount && !server.exited()) {
        tried++;
        const fuzz = next();
        const outcome = await send(server.origin, fuzz, random);
        if ('failure' in outcome) {
          failures.push(`${fuzz.method} ${fuzz.path.slice(0, 80)}: ${outcome.failure}`);
          continue;
        }
        statusCounts.set(outcome.status, (statusCounts.get(outcome.status) ?? 0) + 1);
        if (outcome.status >= 500)
          serverErrors.push(
            `${outcome.status} ${fuzz.method} ${fuzz.path.slice(0, 80)} ${fuzz.headers['content-type'] ?? ''}`,
          );
        if (outcome.answerId) savedAnswers.push(outcome.answerId);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const rawGarbage = [
      'GARBAGE\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
      'POST /api/ask HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n',
      'POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      `GET /${'a'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      'GET / HTTP/1.1\r\n' + 'X: y\r\n'.repeat(5000) + '\r\n',
    ];
    for (const bytes of rawGarbage) await sendRaw(server.origin, Buffer.from(bytes));
    tried += rawGarbage.length;

    let lost = 0;
    for (const id of savedAnswers) {
      const response = await fetch(`${server.origin}/api/answers/${encodeURIComponent(id)}`);
      if (response.status !== 200) lost++;
      await response.body?.cancel();
    }
    const health = server.exited() ? 0 : (await fetch(`${server.origin}/health`)).status;
    const crashes = server.exited() ? 1 : 0;
    const statuses = [...statusCounts.entries()].sort(([left], [right]) => left - right);
    console.log(
      `fuzz (seed ${seed}): requests tried ${tried} / 5xx ${serverErrors.length} / crashes ${crashes} / answers lost ${lost} of ${savedAnswers.length} saved; ` +
        `statuses ${statuses.map(([status, count]) => `${status}×${count}`).join(' ')}; client-side failures ${failures.length}`,
    );
    if (serverErrors.length > 0) console.log(serverErrors.slice(0, 20).join('\n'));
    if (crashes) console.log(server.output().slice(-3000));
    expect(crashes, server.output().slice(-2000)).toBe(0);
    expect(health).toBe(200);
    expect(serverErrors).toEqual([]);
    expect(lost).toBe(0);
    expect(tried).toBeGreaterThanOrEqual(requestCount);
  }, 600_000);
});
