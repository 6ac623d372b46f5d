/**
 * Follow-up questions in a conversation ("What about Tencent?", "Does it hold ISO 27001?") are rewritten into a
 * standalone question before retrieval. The rewrite is deterministic and needs no model call, so retrieval never
 * waits on an LLM: the subject of the earlier question is carried into the follow-up.
 */
import type { ConversationTurn } from '../assistant.js';

const leadIns =
  /^\s*(?:and|also|but|so|ok(?:ay)?|then)?[\s,]*(?:what|how) about\s+|^\s*(?:and|also|same for|what of)\s+/i;
const pronouns =
  /\b(it|its|it's|they|them|their|theirs|this vendor|that vendor|the vendor|this company|the company|this provider|the provider|this firm|the firm)\b/i;
const notSubjects = new Set(
  `is are was were do does did can could should would will may might must has have had what which who whom whose why how
  when where if and or but so the a an in on of for to from with by about at as this that these those it they we you i
  western european american chinese british german french russian eu us uk prc usa china yes no please tell give
  explain describe list summarise summarize compare`
    .split(/\s+/)
    .filter(Boolean),
);

/** The question as it should be retrieved: the follow-up made standalone, or the question unchanged. */
export function rewriteFollowUp(question: string, history: readonly ConversationTurn[] = []): string {
  let previous: string | undefined;
  for (const turn of history) {
    if (turn.role !== 'user' || turn.content.trim() === '') continue;
    previous = previous === undefined ? turn.content.trim() : standalone(turn.content.trim(), previous);
  }
  return previous === undefined ? question.trim() : standalone(question.trim(), previous);
}

function standalone(question: string, previous: string): string {
  const previousSubject = subjectOf(previous);
  const leadIn = leadIns.exec(question);
  const rest = leadIn ? question.slice(leadIn[0].length).replace(/[?.!\s]+$/, '') : '';
  if (
    leadIn &&
    !/^(does|do|did|is|are|was|were|can|could|will|would|should|has|have|had|what|how|which|who|when|where|why)\b/i.test(
      rest,
    )
  ) {
    // "What about Tencent?" asks the earlier question about a new subject.
    if (previousSubject && rest !== '' && rest.split(/\s+/).length <= 6) {
      return previous.split(previousSubject).join(rest);
    }
    return `${question} (${previous.replace(/[?.!\s]+$/, '')})`;
  }
  const ownSubject = subjectOf(question);
  if (previousSubject && pronouns.test(question)) {
    return question.replace(new RegExp(pronouns.source, 'gi'), (pronoun: string) =>
      /^(its|their|theirs)$/i.test(pronoun) ? `${previousSubject}'s` : previousSubject,
    );
  }
  if (!ownSubject && previousSubject && question.split(/\s+/).length <= 8) {
    return `${question.replace(/[?.!\s]+$/, '')} (${previousSubject})${/\?\s*$/.test(question) ? '?' : ''}`;
  }
  return question;
}

/** The first run of capitalised words that names something (not a question word or a nationality). */
function subjectOf(text: string): string | undefined {
  const words = text.split(/\s+/);
  let run: string[] = [];
  const runs: string[] = [];
  for (const raw of words) {
    const word = raw.replace(/^[("'“‘]+|[)"'”’?,.!:;]+$/g, '').replace(/['’]s$/, '');
    const capitalised = /^(\p{Lu}[\p{L}\p{N}&.-]*|\p{Lu}{2,}|[\p{Script=Han}]+)$/u.test(word);
    if (capitalised && !notSubjects.has(word.toLowerCase())) {
      run.push(word);
    } else {
      if (run.length) runs.push(run.join(' '));
      run = [];
    }
    if (/[?,.!:;)]$/.test(raw) && run.length) {
      runs.push(run.join(' '));
      run = [];
    }
  }
  if (run.length) runs.push(run.join(' '));
  return runs[0];
}
