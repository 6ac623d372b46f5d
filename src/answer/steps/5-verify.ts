/**
 * Step 5, verify. Takes the model's draft and the passages shown; gives each sentence's verdict (is it supported by
 * the passage it cites, and by which span), the citations of the supported ones, and the answer's status: answered
 * when at least one sentence makes a supported, cited claim, insufficient_evidence otherwise. The checks are verify.ts.
 */
import type { Passage } from '../../corpus/types.js';
import type { AnswerStatus } from '../record.js';
import { verifyAnswer, type VerifiedAnswer } from '../verify.js';

export interface Verification extends VerifiedAnswer {
  status: Extract<AnswerStatus, 'answered' | 'insufficient_evidence'>;
}

/** `weakTerms`: stems of the field vocabulary's weak words, which count less in a sentence's support. */
export function verify(text: string, shown: readonly Passage[], weakTerms: ReadonlySet<string>): Verification {
  const verified = verifyAnswer(text, shown, weakTerms);
  const supportedClaims = verified.sentences.filter(
    (sentence) => sentence.kind !== 'gap' && sentence.supported && sentence.citations.length > 0,
  ).length;
  return { ...verified, status: supportedClaims > 0 ? 'answered' : 'insufficient_evidence' };
}
