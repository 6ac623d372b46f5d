/**
 * A statute states a duty's conditions and its consequences in one long sentence; the answer quotes it whole rather
 * than leaving out the sentence that holds the figure asked for. A question that cites an article is answered from
 * that article first. The act is invented (the Harbour Safety Act).
 */
import { describe, expect, it } from 'vitest';
import { toPromptPassages } from '../../../src/answer/prompt.js';
import { composeAnswer } from '../../../src/models/local/extractive-model.js';
import { testPassage } from '../../helpers/passages.js';

const penalties = testPassage('hsa#art-48', {
  title: 'Harbour Safety Act',
  heading: 'Article 48',
  text:
    'Where a harbour operator, in breach of Article 36 of this Act and without the leave of the competent harbour ' +
    'authority, lets a container vessel leave its berth without a licensed pilot on board, in fog or at night, the ' +
    'competent harbour authority shall issue a warning and may impose a fine of between 100,000 and 1 million crowns ' +
    'on the operator and a fine of between 10,000 and 100,000 crowns on the managers directly responsible; where the ' +
    'departure leads to a collision, the fine shall be between 1 million and 5 million crowns, and the authority may ' +
    'also suspend the operator’s licence, order it to close the affected terminal or revoke its harbour permit.',
});
const duty = testPassage('hsa#art-36', {
  title: 'Harbour Safety Act',
  heading: 'Article 36',
  text: 'Harbour operators may not let container vessels leave their berth without a licensed pilot on board.',
});

describe('a long statute sentence', () => {
  it('is quoted whole when it holds the figure asked for', () => {
    const answer = composeAnswer(
      'If a harbour operator lets a container vessel leave without a licensed pilot and it leads to a collision, how much is the fine?',
      toPromptPassages([duty, penalties]),
    );
    expect(answer).toContain('between 1 million and 5 million crowns');
  });
});

describe('a question that cites an article', () => {
  const duties = testPassage('hsa#art-20', {
    title: 'Harbour Safety Act',
    heading: 'Article 20',
    text: 'Harbour pilots of container vessels must keep pilotage logs.',
  });
  const licences = testPassage('hsa#art-31', {
    title: 'Harbour Safety Act',
    heading: 'Article 31',
    text: 'Harbour pilots of container vessels are licensed by the port council.',
  });
  const passages = toPromptPassages([duties, licences]);

  it('is led by a sentence of that article, though another states a duty in the same words', () => {
    expect(
      composeAnswer('what does Harbour Safety Act article 31 say about harbour pilots of container vessels?', passages),
    ).toMatch(/^[^\n]*licensed by the port council/);
    expect(composeAnswer('what does the act say about harbour pilots of container vessels?', passages)).toMatch(
      /^[^\n]*must keep pilotage logs/,
    );
  });
});
