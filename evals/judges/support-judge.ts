/**
 * A support judge decides whether some passages, taken together, support a claim (the entailment check ALCE runs
 * with an NLI model). Two implementations share this contract: the deterministic local scorer (default, offline,
 * the one the gate trusts) and an LLM judge for a second opinion. Every judgement made is recorded so the agreement
 * between two judges can be measured on exactly the questions both answered.
 */
import { scoreSupport, supportThreshold } from '../../src/answer/support.js';
import { noWeakTerms } from '../../src/text/terms.js';

export interface JudgedPassage {
  id: string;
  text: string;
  heading?: string;
  title?: string;
  published?: string;
}

export interface SupportVerdict {
  supported: boolean;
  /** The judge's confidence or support score in 0–1, when it has one. */
  score?: number;
  reason?: string;
}

export interface SupportJudge {
  /** Shown in reports (`local`, `openai:gpt-4.1-mini`). */
  readonly name: string;
  judge(claim: string, passages: readonly JudgedPassage[]): Promise<SupportVerdict>;
}

/** A judgement as recorded for agreement: the key identifies claim and evidence set, not the judge. */
export interface RecordedJudgement {
  key: string;
  claim: string;
  passageIds: string[];
  verdict: SupportVerdict;
}

/** The judgement key: a claim and the (unordered) set of passages it was judged against. */
export function judgementKey(claim: string, passages: readonly JudgedPassage[]): string {
  return `${claim.trim()}\u0000${passages
    .map((passage) => passage.id)
    .sort()
    .join('\u0001')}`;
}

/**
 * The deterministic judge: the answer engine's lexical support score against its own threshold, with the field's
 * weak words (`weakTerms`, from the corpus' field vocabulary) weighed as the engine weighs them.
 */
export function localSupportJudge(
  threshold = supportThreshold,
  weakTerms: ReadonlySet<string> = noWeakTerms,
): SupportJudge {
  return {
    name: 'local',
    async judge(claim, passages) {
      if (passages.length === 0) return { supported: false, score: 0, reason: 'no passages' };
      const { score } = scoreSupport(claim, passages, weakTerms);
      return { supported: score >= threshold, score };
    },
  };
}

/** Wraps a judge so every verdict it gives is recorded (once per claim and passage set). */
export function recordingJudge(judge: SupportJudge): SupportJudge & { judgements: Map<string, RecordedJudgement> } {
  const judgements = new Map<string, RecordedJudgement>();
  return {
    name: judge.name,
    judgements,
    async judge(claim, passages) {
      const key = judgementKey(claim, passages);
      const known = judgements.get(key);
      if (known) return known.verdict;
      const verdict = await judge.judge(claim, passages);
      judgements.set(key, { key, claim, passageIds: passages.map((passage) => passage.id), verdict });
      return verdict;
    },
  };
}
