import { describe, expect, it } from 'vitest';
import { agreementBetween } from '../../evals/metrics/agreement.js';
import { keyFactCoverage, isRefusal, patternCoverage } from '../../evals/metrics/answer-checks.js';
import { citationQuality, spanContainment, type Statement } from '../../evals/metrics/citation-quality.js';
import { toStatements } from '../../evals/suites/answer-eval.js';
import { testPassage } from '../helpers/passages.js';
import { checkCitations, markersInText } from '../../evals/metrics/citation-validity.js';
import {
  localSupportJudge,
  recordingJudge,
  type JudgedPassage,
  type SupportJudge,
} from '../../evals/judges/support-judge.js';

const passage = (id: string, text = id): JudgedPassage => ({ id, text });

/** A judge that supports a claim exactly when the passage set contains one of the listed supporting sets. */
function tableJudge(supporting: string[][]): SupportJudge {
  return {
    name: 'table',
    async judge(_claim, passages) {
      const ids = new Set(passages.map((item) => item.id));
      return { supported: supporting.some((set) => set.every((id) => ids.has(id))) };
    },
  };
}

describe('citation recall and precision (ALCE)', () => {
  it('a statement supported by its single citation scores full recall and precision', async () => {
    const statements: Statement[] = [{ text: 's1', citations: [{ n: 1, passage: passage('p1') }] }];
    const result = await citationQuality(statements, tableJudge([['p1']]));
    expect(result.recall).toBe(1);
    expect(result.precision).toBe(1);
  });

  it('an uncited statement and an unsupported statement both lower recall; their citations count as irrelevant', async () => {
    const statements: Statement[] = [
      { text: 'supported', citations: [{ n: 1, passage: passage('p1') }] },
      { text: 'uncited', citations: [] },
      { text: 'unsupported', citations: [{ n: 2, passage: passage('p2') }] },
    ];
    const result = await citationQuality(statements, tableJudge([['p1']]));
    expect(result.recall).toBeCloseTo(1 / 3, 10);
    // Two citations in all, one relevant.
    expect(result.precision).toBe(0.5);
    expect(result.statements[2]!.irrelevant).toEqual([2]);
  });

  it('a redundant extra citation is irrelevant; one needed jointly is relevant', async () => {
    // p1 alone supports; p2 adds nothing → p2 irrelevant (fails alone, and p1 still supports without it).
    const redundant = await citationQuality(
      [
        {
          text: 's',
          citations: [
            { n: 1, passage: passage('p1') },
            { n: 2, passage: passage('p2') },
          ],
        },
      ],
      tableJudge([['p1']]),
    );
    expect(redundant.recall).toBe(1);
    expect(redundant.precision).toBe(0.5);
    expect(redundant.statements[0]!.irrelevant).toEqual([2]);

    // Only p1+p2 together support: each fails alone but is needed → both relevant.
    const joint = await citationQuality(
      [
        {
          text: 's',
          citations: [
            { n: 1, passage: passage('p1') },
            { n: 2, passage: passage('p2') },
          ],
        },
      ],
      tableJudge([['p1', 'p2']]),
    );
    expect(joint.precision).toBe(1);
  });

  it('a marker that resolves to no passage supports nothing', async () => {
    const result = await citationQuality([{ text: 's', citations: [{ n: 3, passage: undefined }] }], tableJudge([]));
    expect(result.recall).toBe(0);
    expect(result.precision).toBe(0);
  });

  it('is undefined for an answer without claims (an abstention)', async () => {
    const result = await citationQuality([], tableJudge([]));
    expect(result.recall).toBeNull();
    expect(result.precision).toBeNull();
  });

  it('works with the deterministic local judge on real text', async () => {
    const article = passage(
      'nil-2017#art-7',
      'All organisations and citizens shall support, assist and cooperate with national intelligence efforts in accordance with law.',
    );
    const unrelated = passage('x#y', 'The weather in Paris is mild in spring and the museums open late on Fridays.');
    const judge = recordingJudge(localSupportJudge());
    const result = await citationQuality(
      [
        {
          text: 'Organisations must support, assist and cooperate with national intelligence efforts [1].',
          citations: [{ n: 1, passage: article }],
        },
        { text: 'Museums in Paris open late on Fridays [2].', citations: [{ n: 2, passage: article }] },
      ],
      judge,
    );
    expect(result.recall).toBe(0.5);
    expect(judge.judgements.size).toBe(2);
    expect((await localSupportJudge().judge('Museums in Paris open late on Fridays.', [unrelated])).supported).toBe(
      true,
    );
  });
});

describe('what the judge reads for each citation', () => {
  it('is the span quoted for the sentence, so a marker on the right passage but the wrong span is not supported', async () => {
    const article = testPassage('rda#art-9', {
      title: 'Ruritanian Data Act',
      text: 'Providers must keep access logs for six months. The ministry may fine a provider up to 500,000 crowns.',
    });
    const sentence = (text: string, quote: string) => ({
      text,
      citations: [1],
      support: 1,
      supported: true,
      kind: 'claim' as const,
      quotes: [{ n: 1, quote, start: 0, end: quote.length }],
    });
    const record = {
      citations: [{ n: 1, passageId: article.id, quote: 'Providers must keep access logs for six months.' }],
      sentences: [
        sentence(
          'Providers must keep access logs for six months [1].',
          'Providers must keep access logs for six months.',
        ),
        sentence(
          'The ministry may fine a provider up to 500,000 crowns [1].',
          'Providers must keep access logs for six months.',
        ),
      ],
    };
    const statements = toStatements(record as never, new Map([[article.id, article]]));
    expect(statements.map((statement) => statement.citations[0]!.passage!.text)).toEqual([
      'Providers must keep access logs for six months.',
      'Providers must keep access logs for six months.',
    ]);
    expect((await citationQuality(statements, localSupportJudge())).recall).toBe(0.5);
  });
});

describe('citation validity', () => {
  const passages = new Map([
    ['doc#a', { id: 'doc#a', text: 'First sentence here. Second sentence here.', start: 100, end: 142 }],
  ]);

  it('reads single, list and range markers', () => {
    expect(markersInText('A [1]. B [2, 3]. C [4-6] and [1].')).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('accepts a resolving marker with a verbatim quote at its span', () => {
    const result = checkCitations({
      answer: 'Claim [1].',
      citations: [{ n: 1, passageId: 'doc#a', quote: 'Second sentence here.', start: 121, end: 142 }],
      passages,
      shownPassageIds: ['doc#a'],
    });
    expect(result).toEqual({ valid: true, markers: [1], problems: [] });
  });

  it('names every broken citation', () => {
    const result = checkCitations({
      answer: 'Claim [1]. Other [2]. Third [3].',
      citations: [
        { n: 1, passageId: 'doc#a', quote: 'Second sentence here.', start: 100, end: 121 },
        { n: 3, passageId: 'doc#missing', quote: 'x', start: 0, end: 1 },
        { n: 4, passageId: 'doc#a', quote: 'Third sentence.', start: 100, end: 115 },
      ],
      passages,
      shownPassageIds: ['doc#a'],
    });
    expect(result.valid).toBe(false);
    expect(result.problems).toEqual([
      'marker [2] has no citation',
      '[1] doc#a: quote span 100–121 does not hold the quote',
      '[3] doc#missing: passage does not exist',
      '[4] doc#a: quote is not verbatim in the passage',
    ]);
  });

  it('flags a citation of a passage the model was never shown', () => {
    const result = checkCitations({
      answer: 'Claim [1].',
      citations: [{ n: 1, passageId: 'doc#a', quote: 'First sentence here.', start: 100, end: 120 }],
      passages,
      shownPassageIds: ['doc#b'],
    });
    expect(result.problems).toEqual(['[1] doc#a: passage was not shown to the model']);
  });
});

describe('answer checks', () => {
  it('counts insufficient evidence and out of scope as refusals', () => {
    expect(isRefusal('insufficient_evidence')).toBe(true);
    expect(isRefusal('out_of_scope')).toBe(true);
    expect(isRefusal('answered')).toBe(false);
    expect(isRefusal('error')).toBe(false);
  });

  it('key-fact coverage matches phrases case-insensitively across markers, emphasis and dash styles', () => {
    const answer =
      'Organisations must **support, assist and cooperate** [1]. Fines run from RMB 50,000 to 500,000 [2].';
    expect(keyFactCoverage(answer, ['Support, assist and cooperate', 'RMB 50,000 to 500,000', 'fifteen days'])).toEqual(
      {
        coverage: 2 / 3,
        found: ['Support, assist and cooperate', 'RMB 50,000 to 500,000'],
        missing: ['fifteen days'],
      },
    );
    expect(keyFactCoverage('Articles 7–14 apply.', ['Articles 7-14']).coverage).toBe(1);
    expect(keyFactCoverage('anything', []).coverage).toBeNull();
  });
});

describe('judge agreement', () => {
  it('computes raw agreement and Cohen kappa from hand-counted pairs', () => {
    // 20 pairs: both yes 10, first only 2, second only 3, neither 5.
    const pairs: [boolean, boolean][] = [
      ...Array.from({ length: 10 }, (): [boolean, boolean] => [true, true]),
      ...Array.from({ length: 2 }, (): [boolean, boolean] => [true, false]),
      ...Array.from({ length: 3 }, (): [boolean, boolean] => [false, true]),
      ...Array.from({ length: 5 }, (): [boolean, boolean] => [false, false]),
    ];
    const result = agreementBetween(pairs);
    // observed 0.75; expected 0.6*0.65 + 0.4*0.35 = 0.53; kappa = 0.22/0.47.
    expect(result.agreement).toBeCloseTo(0.75, 10);
    expect(result.kappa).toBeCloseTo(0.22 / 0.47, 10);
    expect(result.confusion).toEqual({ both: 10, firstOnly: 2, secondOnly: 3, neither: 5 });
  });

  it('is undefined with no shared decisions and 1 when both always agree on one answer', () => {
    expect(agreementBetween([]).agreement).toBeNull();
    expect(agreementBetween([[true, true]]).kappa).toBe(1);
  });
});

describe('span containment: the cited span must contain the sentence', () => {
  const citation = (n: number, quote: string) => ({ n, quote, title: 'Data Act', heading: 'Article 9' });
  const claim = (text: string, citations: number[], quotes?: { n: number; quote: string }[]) => ({
    text,
    citations,
    support: 1,
    supported: true,
    kind: 'claim' as const,
    ...(quotes ? { quotes: quotes.map((quote) => ({ ...quote, start: 0, end: quote.quote.length })) } : {}),
  });

  it('passes a sentence whose span says it, with the label taken from the heading', () => {
    const result = spanContainment(
      {
        citations: [citation(1, 'Providers must keep access logs for six months.')] as never,
        sentences: [claim('Under Article 9, providers must keep access logs for six months [1].', [1])],
      },
      { perSentence: false },
    );
    expect(result).toEqual({ share: 1, failing: [] });
  });

  it('fails a sentence whose shared quote is another sentence of the passage, and passes it with its own span', () => {
    const record = {
      citations: [citation(1, 'Providers must keep access logs for six months.')] as never,
      sentences: [
        claim('Providers must keep access logs for six months [1].', [1]),
        claim(
          'The ministry may fine a provider up to 500,000 crowns [1].',
          [1],
          [{ n: 1, quote: 'The ministry may fine a provider up to 500,000 crowns.' }],
        ),
      ],
    };
    expect(spanContainment(record, { perSentence: false }).share).toBe(0.5);
    expect(spanContainment(record, { perSentence: true }).share).toBe(1);
  });

  it('fails a sentence whose number is not in the span', () => {
    const result = spanContainment(
      {
        citations: [citation(1, 'Providers must keep access logs for six months.')] as never,
        sentences: [claim('Providers must keep access logs for 12 months [1].', [1])],
      },
      { perSentence: false },
    );
    expect(result.share).toBe(0);
  });
});

describe('must_contain patterns', () => {
  it('matches case-insensitive alternatives and reports the missing ones', () => {
    expect(patternCoverage('Logs are kept for Six Months [1].', ['six months|6 months', 'Article 2[13]'])).toEqual({
      share: 0.5,
      missing: ['Article 2[13]'],
    });
    expect(patternCoverage('anything', [])).toEqual({ share: null, missing: [] });
  });
});
