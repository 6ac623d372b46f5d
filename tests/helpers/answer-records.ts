/** Answer records for tests, shaped like the engine's output (validated against the record schema). */
import { answerRecordSchema, type AnswerRecord, type Citation } from '../../src/answer/record.js';

export function citation(n: number, overrides: Partial<Citation> = {}): Citation {
  return {
    n,
    passageId: `pipl-2021#art-${37 + n}`,
    documentId: 'pipl-2021',
    title: 'Personal Information Protection Law of the PRC',
    publisher: "National People's Congress Standing Committee",
    url: 'https://flk.npc.gov.cn/detail2.html?ZmY4MDgxODE3YjY0NzJhMzAxN2I2NGQ5MmQ3MTAwNDE',
    published: '2021-08-20',
    type: 'law',
    jurisdiction: 'PRC',
    heading: `PIPL › Chapter III › Article ${37 + n}`,
    quote:
      'Personal information handlers that need to provide personal information outside the PRC shall pass a security assessment.',
    start: 100 * n,
    end: 100 * n + 120,
    ...overrides,
  };
}

export function answerRecord(overrides: Partial<AnswerRecord> = {}): AnswerRecord {
  return answerRecordSchema.parse({
    id: 'ans_01TEST',
    createdAt: '2026-11-26T10:00:00.000Z',
    question: 'Is Alibaba Cloud a security risk to Western companies?',
    standaloneQuestion: 'Is Alibaba Cloud a security risk to Western companies?',
    status: 'answered',
    answer:
      'Alibaba Cloud is subject to PRC law, which can require data to be provided to authorities [1]. Transfers of personal information out of the PRC need a security assessment [2].',
    citations: [citation(1), citation(2)],
    sentences: [],
    unsupportedSentences: 0,
    droppedMarkers: 0,
    closestPassages: [],
    filters: {},
    model: 'local',
    promptVersion: 'v1',
    corpusVersion: 'c0ffee12',
    retrievedPassageIds: ['pipl-2021#art-38', 'pipl-2021#art-39'],
    timings: { retrievalMs: 12, totalMs: 40 },
    ...overrides,
  });
}
