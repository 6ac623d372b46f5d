/**
 * Support scoring and citation verification as pure functions: what counts as supported, which markers survive,
 * and where quotes point.
 */
import { describe, expect, it } from 'vitest';
import type { Passage } from '../../src/corpus/types.js';
import { scoreSupport, supportThreshold } from '../../src/answer/support.js';
import { createStreamingRenumberer, renumberMarkers } from '../../src/answer/renumber.js';
import { removeUnknownMarkers, verifyAnswer } from '../../src/answer/verify.js';
import { testPassage } from '../helpers/passages.js';

const documentText =
  'Preamble text. Article 7 requires every organisation and citizen to support, assist and cooperate with national intelligence work. It also requires them to keep secret any intelligence work secrets they learn about. The State protects those who cooperate.';
const passageStart = documentText.indexOf('Article 7');

const passage: Passage = {
  id: 'nil-2017#art-7',
  documentId: 'nil-2017',
  heading: 'NIL › Article 7',
  text: documentText.slice(passageStart),
  start: passageStart,
  end: documentText.length,
  contentHash: 'x',
  title: 'National Intelligence Law',
  publisher: 'NPC',
  url: 'https://example.org/nil',
  jurisdiction: 'PRC',
  type: 'law',
  published: '2017-06-27',
  asOf: '2025-12-01',
  vendors: [],
  language: 'en',
  status: 'in_force',
};

describe('scoreSupport', () => {
  it('scores a verbatim sentence near 1 and an unrelated one near 0', () => {
    expect(
      scoreSupport('Article 7 requires every organisation to support national intelligence work.', [passage.text])
        .score,
    ).toBeGreaterThan(0.9);
    expect(scoreSupport('The bakery sells sourdough bread on Sundays.', [passage.text]).score).toBeLessThan(0.2);
  });

  it('accepts paraphrase with related word forms', () => {
    const score = scoreSupport('Organisations must cooperate with and assist intelligence work under Article 7.', [
      passage,
    ]).score;
    expect(score).toBeGreaterThanOrEqual(supportThreshold);
  });

  it('penalises numbers the evidence does not contain', () => {
    const right = scoreSupport('Article 7 requires organisations to support intelligence work.', [passage.text]).score;
    const wrong = scoreSupport('Article 9 requires organisations to support intelligence work.', [passage.text]).score;
    expect(wrong).toBeLessThan(supportThreshold);
    expect(right - wrong).toBeGreaterThan(0.3);
  });

  it('counts a published date shown with the passage as evidence', () => {
    const sentence = 'On 27 June 2017 the law required organisations to support intelligence work.';
    expect(scoreSupport(sentence, [passage]).score).toBeGreaterThan(scoreSupport(sentence, [passage.text]).score);
  });

  it('reports each passage and the best one', () => {
    const result = scoreSupport('Article 7 requires support for intelligence work.', [
      'Unrelated text about bread.',
      passage.text,
    ]);
    expect(result.best).toBe(1);
    expect(result.perPassage[1]).toBeGreaterThan(result.perPassage[0]!);
  });
});

describe('verifyAnswer', () => {
  it('drops markers outside the shown passages and counts them, also inside lists and ranges', () => {
    expect(removeUnknownMarkers('A [1][7]. B [2, 3]. C [1-3].', 2)).toEqual({
      answer: 'A [1]. B [2]. C [1][2].',
      droppedMarkers: 3,
    });
  });

  it('quotes the best-supporting sentence verbatim with its span in the document', () => {
    const verified = verifyAnswer('Organisations must keep intelligence work secrets they learn about [1].', [passage]);
    const [citation] = verified.citations;
    expect(citation!.quote).toBe(
      'It also requires them to keep secret any intelligence work secrets they learn about.',
    );
    expect(documentText.slice(citation!.start, citation!.end)).toBe(citation!.quote);
    expect(verified.sentences[0]).toMatchObject({ citations: [1], supported: true });
  });

  it('quotes a numbered paragraph without the number of the paragraph after it', () => {
    const numbered = testPassage('hsa#art-27', {
      title: 'Harbour Safety Act',
      text: '1. Where Article 3(2) applies, the operator shall designate a harbour agent in writing. 2. The duty in paragraph 1 does not apply to ferries.',
    });
    const verified = verifyAnswer(
      'Where Article 3(2) applies, the operator shall designate a harbour agent in writing [1].',
      [numbered],
    );
    expect(verified.citations[0]!.quote).toBe(
      'Where Article 3(2) applies, the operator shall designate a harbour agent in writing.',
    );
  });

  it('flags uncited claims but not statements of what the passages do not cover', () => {
    const verified = verifyAnswer(
      'Article 7 requires support for intelligence work [1].\n\n**Limits**\n- The passages do not say how often the article is used.\n- The law was repealed in 2020.',
      [passage],
    );
    expect(verified.sentences.map((sentence) => [sentence.kind, sentence.supported])).toEqual([
      ['claim', true],
      ['gap', true],
      ['claim', false],
    ]);
    expect(verified.unsupportedSentences).toBe(1);
  });
});

describe('citation numbering', () => {
  const second: Passage = { ...passage, id: 'nil-2017#art-14', heading: 'NIL › Article 14' };
  const third: Passage = { ...passage, id: 'nil-2017#art-28', heading: 'NIL › Article 28' };

  it('renumbers markers 1, 2, 3 in order of first appearance, each citation keeping its passage', () => {
    const verified = verifyAnswer(
      'Article 7 requires every organisation to support national intelligence work [3]. They must keep intelligence work secrets [1][3]. The State protects those who cooperate [1].',
      [passage, second, third],
    );
    expect(verified.answer).toBe(
      'Article 7 requires every organisation to support national intelligence work [1]. They must keep intelligence work secrets [2][1]. The State protects those who cooperate [2].',
    );
    expect(verified.citations.map((citation) => [citation.n, citation.passageId])).toEqual([
      [1, 'nil-2017#art-28'],
      [2, 'nil-2017#art-7'],
    ]);
    expect(verified.sentences.map((sentence) => sentence.citations)).toEqual([[1], [1, 2], [2]]);
  });

  it('streams the same numbers as the final answer, even when a marker is split across deltas', () => {
    const text = 'A claim [4]. Another [2, 4]. A third [2].';
    const renumberer = createStreamingRenumberer(4);
    const streamed = ['A claim [', '4]. Another [2', ', 4]. A third [2].']
      .map((delta) => renumberer.push(delta))
      .join('');
    expect(streamed + renumberer.flush()).toBe(renumberMarkers(text, 4).text);
    expect(renumberMarkers(text, 4).text).toBe('A claim [1]. Another [2][1]. A third [2].');
  });
});
