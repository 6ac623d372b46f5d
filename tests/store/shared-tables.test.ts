/**
 * The shared record tables and Slack claims that replicas use beside a remote index, exercised on a local LanceDB
 * folder through two connections (two replicas); the same code runs on the S3 stand-in in the deployment e2e test.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Connection } from '@lancedb/lancedb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectLanceDb } from '../../src/index/lancedb.js';
import { openAnswerStore } from '../../src/store/answer-store.js';
import { tableClaims } from '../../src/store/delivery-claims.js';
import { openFeedbackStore } from '../../src/store/feedback-store.js';
import { openSharedTable } from '../../src/index/shared-table.js';
import { answerRecord } from '../helpers/answer-records.js';

let directory: string;
let replicaA: Connection;
let replicaB: Connection;

beforeEach(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'shared-tables-'));
  const config = { lancedbUri: directory, lancedbStorageOptions: {} };
  replicaA = await connectLanceDb(config, { readConsistencyInterval: 0 });
  replicaB = await connectLanceDb(config, { readConsistencyInterval: 0 });
});
afterEach(async () => {
  replicaA.close();
  replicaB.close();
  await rm(directory, { recursive: true, force: true });
});

describe('shared record tables', () => {
  it('serve on one replica the answers and feedback written on the other, concurrent writes included', async () => {
    const [answersA, answersB] = await Promise.all([
      openAnswerStore({ kind: 'tables', connection: replicaA }),
      openAnswerStore({ kind: 'tables', connection: replicaB }),
    ]);
    const ids = Array.from({ length: 10 }, (_, index) => `a${index}`);
    await Promise.all(ids.map((id, index) => (index % 2 ? answersA : answersB).append(answerRecord({ id }))));
    for (const store of [answersA, answersB]) {
      expect((await Promise.all(ids.map((id) => store.get(id)))).map((record) => record?.id)).toEqual(ids);
    }
    expect(await answersB.get('missing')).toBeUndefined();

    const feedbackA = await openFeedbackStore({ kind: 'tables', connection: replicaA });
    const feedbackB = await openFeedbackStore({ kind: 'tables', connection: replicaB });
    await feedbackA.append({ answerId: 'a1', rating: 'up', source: 'api' });
    await feedbackB.append({ answerId: 'a1', rating: 'down', source: 'slack', user: 'U1' });
    expect((await feedbackA.list('a1')).map((entry) => entry.rating)).toEqual(['up', 'down']);
    for (const store of [answersA, answersB, feedbackA, feedbackB]) await store.close();
  });
});

describe('delivery claims across replicas', () => {
  it('give each key to exactly one of several concurrent claimants', async () => {
    const claimsA = tableClaims(await openSharedTable(replicaA, 'claims'));
    const claimsB = tableClaims(await openSharedTable(replicaB, 'claims'));
    for (let round = 0; round < 5; round += 1) {
      const keys = [`event:Ev${round}`, `message:C1:${round}.0001`];
      const results = await Promise.all([claimsA, claimsB, claimsA, claimsB].map((claims) => claims.firstTime(keys)));
      expect(results.filter(Boolean)).toHaveLength(1);
    }
    // A redelivery under another event id but the same message is not first either.
    expect(await claimsB.firstTime(['event:EvOther', 'message:C1:0.0001'])).toBe(false);
    expect(await claimsA.firstTime(['event:EvNew', 'message:C1:9.0001'])).toBe(true);
    claimsA.close();
    claimsB.close();
  });
});
