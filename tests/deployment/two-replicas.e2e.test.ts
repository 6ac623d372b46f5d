/**
 * Two stateless servers over one LanceDB on object storage, as a deployment behind a load balancer runs them: an S3
 * stand-in (tests/helpers/fake-s3-server.ts), two `npm start` processes on the same LANCEDB_URI with their own
 * DATA_DIR, and `npm run ingest` beside them. Prints the ingest time and query latency against a local folder.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config.js';
import { openSearchableIndex } from '../../src/retrieve/searchable-index.js';
import { createEmbeddingModel } from '../../src/index/embedding/index.js';
import { startFakeS3Server, type FakeS3Server } from '../helpers/fake-s3-server.js';
import { fakeBotUserId, startFakeSlackServer, type FakeSlackServer } from '../helpers/fake-slack-server.js';
import { eventually, postJson, runCommand, startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { fixtureCorpus } from '../helpers/test-assistant.js';
import { eventEnvelope, signed, slackSettings } from '../slack/slack-requests.js';

let s3: FakeS3Server;
let slack: FakeSlackServer;
let root: string;
let corpusDir: string;
let shared: Record<string, string>;
let replicaA: ServerProcess;
let replicaB: ServerProcess;
let baseA: string;
let baseB: string;
const timings: Record<string, number> = {};

const replicaSettings = (name: string): Record<string, string> => ({
  ...shared,
  DATA_DIR: path.join(root, name),
  INDEX_POLL_INTERVAL_MS: '500',
  ...slackSettings(slack.apiUrl),
});

const readiness = async (base: string) => (await (await fetch(`${base}/ready`)).json()) as { corpusVersion: string };

beforeAll(async () => {
  s3 = await startFakeS3Server();
  slack = await startFakeSlackServer();
  root = await mkdtemp(path.join(os.tmpdir(), 'two-replicas-'));
  corpusDir = path.join(root, 'corpus');
  await cp(fixtureCorpus, corpusDir, { recursive: true });
  shared = {
    CORPUS_DIR: corpusDir,
    LANCEDB_URI: `s3://${s3.bucket}/diligence`,
    LANCEDB_STORAGE_OPTIONS: JSON.stringify(s3.storageOptions),
  };

  // The same ingest on the S3 stand-in and on a local folder, one after the other in this run.
  for (const [name, settings] of [
    ['s3', { ...shared, DATA_DIR: path.join(root, 'ingest') }],
    ['local', { CORPUS_DIR: corpusDir, DATA_DIR: path.join(root, 'local') }],
  ] as const) {
    const started = performance.now();
    const ingest = await runCommand(settings, ['ingest', '--allow-failures']);
    timings[`ingest ${name} ms`] = Math.round(performance.now() - started);
    expect(ingest.code, ingest.output).toBe(0);
  }

  replicaA = startServerProcess(replicaSettings('a'));
  replicaB = startServerProcess(replicaSettings('b'));
  [baseA, baseB] = await Promise.all([replicaA.listening, replicaB.listening]);
}, 240_000);

afterAll(async () => {
  for (const replica of [replicaA, replicaB]) {
    if (replica && replica.child.exitCode === null) {
      replica.child.kill('SIGKILL');
      await replica.exited;
    }
  }
  console.log('two replicas on the S3 stand-in:', JSON.stringify(timings));
  await slack?.close();
  await s3?.close();
  await rm(root, { recursive: true, force: true });
});

describe('two replicas over one index on object storage', () => {
  it('serves on B the permalink of a question asked on A, and the feedback given on B', async () => {
    const asked = await postJson(baseA, '/api/ask', { question: 'Does PIPL require a security assessment?' });
    expect(asked.status).toBe(200);
    const record = (await asked.json()) as { id: string; answer: string };
    const permalink = await fetch(`${baseB}/api/answers/${encodeURIComponent(record.id)}`);
    expect(permalink.status).toBe(200);
    expect(await permalink.json()).toMatchObject({ id: record.id, answer: record.answer });

    const feedback = await postJson(baseB, '/api/feedback', { answerId: record.id, rating: 'up' });
    expect(feedback.status).toBeLessThan(300);
  });

  it('does not answer a Slack event twice when its retry reaches the other replica', async () => {
    slack.reset();
    const ts = slack.addUserMessage({ channel: 'C0CHANNEL', user: 'U0ASKER', text: 'Is Alibaba Cloud risky?' });
    const body = eventEnvelope(
      {
        type: 'app_mention',
        user: 'U0ASKER',
        text: `<@${fakeBotUserId}> Is Alibaba Cloud a security risk?`,
        ts,
        channel: 'C0CHANNEL',
        event_ts: ts,
      },
      'EvReplicated1',
    );
    expect((await fetch(`${baseA}/slack/events`, signed(body))).status).toBe(200);
    const answered = await eventually(
      async () => slack.callsTo('chat.update').some((call) => Array.isArray(call.params.blocks)),
      30_000,
    );
    expect(answered).toBe(true);
    const retry = signed(body, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect((await fetch(`${baseB}/slack/events`, retry)).status).toBe(200);

    // The same new event delivered to both replicas at once is also answered by exactly one of them.
    const ts2 = slack.addUserMessage({ channel: 'C0CHANNEL', user: 'U0ASKER', text: 'And Tencent?' });
    const body2 = eventEnvelope(
      { type: 'app_mention', user: 'U0ASKER', text: `<@${fakeBotUserId}> And PIPL?`, ts: ts2, channel: 'C0CHANNEL' },
      'EvReplicated2',
    );
    await Promise.all([fetch(`${baseA}/slack/events`, signed(body2)), fetch(`${baseB}/slack/events`, signed(body2))]);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const placeholders = slack.callsTo('chat.postMessage').map((call) => call.params.thread_ts);
    expect(placeholders.filter((thread) => thread === ts)).toHaveLength(1);
    expect(placeholders.filter((thread) => thread === ts2)).toHaveLength(1);
  });

  it('switches both replicas to the corpus version an ingest beside them built', async () => {
    const before = await readiness(baseA);
    expect((await readiness(baseB)).corpusVersion).toBe(before.corpusVersion);
    const existing = await readFile(path.join(corpusDir, 'news', 'news-2023-09-dpc-tiktok-345m.md'), 'utf8');
    await writeFile(
      path.join(corpusDir, 'news', 'replica-notice.md'),
      existing.replace('id: news-2023-09-dpc-tiktok-345m', 'id: news-2026-replica-notice'),
    );
    const ingest = await runCommand({ ...shared, DATA_DIR: path.join(root, 'ingest') }, ['ingest', '--allow-failures']);
    expect(ingest.code, ingest.output).toBe(0);
    expect(ingest.output).toContain('added 1,');
    const switched = await eventually(async () => {
      const [a, b] = await Promise.all([readiness(baseA), readiness(baseB)]);
      return a.corpusVersion !== before.corpusVersion && a.corpusVersion === b.corpusVersion;
    }, 15_000);
    expect(switched).toBe(true);
    const document = await fetch(`${baseB}/api/documents/news-2026-replica-notice`);
    expect(document.status).toBe(200);
  });

  it('loses nothing on B when A is killed mid-request', async () => {
    const questions = Array.from({ length: 6 }, (_, index) => `What does PIPL say about transfers, case ${index}?`);
    const onA = questions.map((question) => postJson(baseA, '/api/ask', { question }).catch(() => undefined));
    await new Promise((resolve) => setTimeout(resolve, 150));
    replicaA.child.kill('SIGKILL');
    await replicaA.exited;
    const answeredByA = (await Promise.all(onA)).filter((response) => response?.status === 200);
    const onB = await Promise.all(questions.map((question) => postJson(baseB, '/api/ask', { question })));
    const failures = await Promise.all(
      onB.filter((response) => response.status !== 200).map((response) => response.clone().text()),
    );
    expect(failures).toEqual([]);
    const ids = [
      ...(await Promise.all(answeredByA.map(async (response) => ((await response!.json()) as { id: string }).id))),
      ...(await Promise.all(onB.map(async (response) => ((await response.json()) as { id: string }).id))),
    ];
    const lost = [];
    for (const id of ids) {
      if ((await fetch(`${baseB}/api/answers/${encodeURIComponent(id)}`)).status !== 200) lost.push(id);
    }
    expect(lost).toEqual([]);
  });

  it('measures query latency on the S3 stand-in against the local folder', async () => {
    const queries = ['security assessment personal information abroad', 'Kaspersky ban', 'cloud act data access'];
    for (const [name, settings] of [
      ['s3', { ...shared, DATA_DIR: path.join(root, 'ingest') }],
      ['local', { CORPUS_DIR: corpusDir, DATA_DIR: path.join(root, 'local') }],
    ] as const) {
      const config = testConfig(settings);
      const opened = performance.now();
      const index = await openSearchableIndex({ config, embeddingModel: createEmbeddingModel(config) });
      timings[`open ${name} ms`] = Math.round(performance.now() - opened);
      await index.search(queries[0]!);
      const latencies: number[] = [];
      for (let round = 0; round < 5; round += 1) {
        for (const query of queries) {
          const started = performance.now();
          await index.search(query);
          latencies.push(performance.now() - started);
        }
      }
      latencies.sort((left, right) => left - right);
      timings[`search ${name} median ms`] = Math.round(latencies[Math.floor(latencies.length / 2)]! * 10) / 10;
      await index.close();
    }
    expect(timings['search s3 median ms']).toBeGreaterThan(0);
  });
});
