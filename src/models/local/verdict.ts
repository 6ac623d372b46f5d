/**
 * The verdict of a yes/no question ("Can the harbour authority fine a pilot twice?", "Did the court uphold the
 * clauses?"), read from the sentence that leads the answer. The local model does not reason; it compares polarities.
 * A lead that states the asked thing plainly says yes; one that negates a word of the question ("not", "no longer",
 * "cannot" just before it) says no, unless the question negates the same word ("could no longer install" and "should
 * not install" agree). A prohibition ("prohibits", "banned") before the question's words is a negation too, and agrees
 * with one anywhere in the question:
 * - "May the authority collect X?" and "It is not a legitimate objective to collect X" → No;
 * - "Is the product banned?" and "The order prohibits sales of the product" → Yes;
 * - "not ... outside its reach" is a double negation: the lead says yes.
 *
 * It says nothing when it cannot tell:
 * - a question of alternatives ("A or just B?");
 * - a question that asks for a judgement ("Is that enough?") or for the state of things now ("still in force?");
 * - a question put to the supplier ("Do you ...?", "Does the provider ...?"), which the corpus cannot answer for it;
 * - a lead with a negation far from the question's words (a condition, an exception), a lead that reports what
 *   someone said, one about another vendor than the one asked about, or one that shares too little of the question.
 *
 * A verdict is a claim like any other; it stands in the lead sentence, under that sentence's citation.
 */
import { askingAndScene } from '../../text/asking-sentences.js';
import { contentTerms } from '../../text/terms.js';

export type Verdict = 'Yes' | 'No';

const auxiliaries =
  "is|are|was|were|do|does|did|can|could|may|might|must|shall|should|will|would|has|have|had|isn['’]t|aren['’]t|doesn['’]t|don['’]t|didn['’]t|can['’]t";
/** A clause that opens with an auxiliary asks whether; a short framing clause may come first ("Under the act, can"). */
const whetherPattern = new RegExp(`(?:^|^[^,?;]{1,120},\\s+)((?:${auxiliaries})\\b[^?]*)`, 'i');
/** Where a second part of the question starts ("..., and what must we file?"). */
const secondPartPattern = /,?\s+(?:and|but|or)\s+(?:if so,?\s+)?(?=(?:what|which|how|why|when|where|who)\b)|[;?]/i;
/** "... or just the antivirus?": the question offers alternatives, not a yes or no. */
const alternativesPattern = /\bor\s+(?:just|only|rather|instead|merely|also|is it|are they|does it|do they)\b/i;

/** A judgement, or the state of things now: the lead's polarity does not give either. */
const judgementPattern =
  /\b(?:enough|sufficient|suffice|adequate|acceptable|okay|ok|safe|risky|worth|better|best|fix|solve|still)\b/i;
/** A question put to the supplier in a questionnaire. */
const addresseePattern =
  /^\S+\s+(?:you|your\b|the (?:provider|vendor|supplier|processor|service provider|contractor|organi[sz]ation)\b)/i;
/** A sentence that reports what someone said: the speaker's claim, not the corpus' finding. */
const reportedPattern = /\b(?:said|says|stated|claimed|claims|told|denied|denies|according to|reportedly)\b/i;

const negationPattern = /^(?:not|no|never|cannot|neither|nor|nothing|none)$|n['’]t$/i;
const prohibitionPattern = /^(?:prohibit\w*|forbid\w*|forbade|bann?(?:ed|s|ing)?)$/i;
/** After a negation, these turn it back: "does not take the data outside the act's reach". */
const returnPattern = /^(?:outside|beyond)$/i;
/** Words between a negation and the word it turns, at most. */
const negationReach = 5;
/** Share of the asking clause's terms the lead must have before it can say yes. */
const minimumAgreement = 0.5;

/** The clause that asks whether, without a second part or a closing "?"; undefined for another kind of question. */
export function askedWhether(question: string): string | undefined {
  const sentences = askingAndScene(question)?.asking ?? [question];
  const first = sentences[0]!.trim();
  const match = whetherPattern.exec(first);
  if (!match) return undefined;
  const clause = match[1]!.split(secondPartPattern)[0]!.trim();
  if (alternativesPattern.test(clause) || /\bwhether or not\b/i.test(clause)) return undefined;
  if (judgementPattern.test(clause) || addresseePattern.test(clause)) return undefined;
  return clause;
}

export interface VerdictOptions {
  /** Names of the vendor the question is about: the lead must be about it (its own words or its passage's). */
  vendorTerms?: readonly string[];
  /** The title, heading and text of the lead's passage: where the names the question asks about must stand. */
  leadPassage?: string;
}

/** Yes, No, or undefined when the lead does not decide; see the module comment. */
export function verdictOf(question: string, lead: string, options: VerdictOptions = {}): Verdict | undefined {
  const clause = askedWhether(question);
  if (!clause || reportedPattern.test(lead)) return undefined;
  const asked = [...new Set(contentTerms(clause))];
  if (asked.length === 0) return undefined;
  const leadWords = words(lead);
  const leadTerms = leadWords.map((word) => contentTerms(word));
  const has = (terms: readonly string[][], term: string) =>
    terms.some((list) => list.some((other) => sameWord(term, other)));
  // The lead must have most of the clause, and most of its second half: what is asked of the subject ("can
  // regulators make a provider | explain its training data?"), the verb and its object often coming last.
  const shared = (part: readonly string[]) => part.filter((term) => has(leadTerms, term)).length / part.length;
  const predicate = asked.slice(Math.floor(asked.length / 2));
  if (shared(asked) < minimumAgreement || shared(predicate) < minimumAgreement) return undefined;
  // The names the clause asks about ("the EU", the vendor) must be the lead's, or its passage's.
  const about = new Set(contentTerms(`${lead} ${options.leadPassage ?? ''}`));
  const names = [...(options.vendorTerms ?? [])];
  if (names.some((term) => !about.has(term))) return undefined;
  if (recommends(lead, leadTerms, asked) && !/^(?:should|must|do|does)\b/i.test(clause)) return undefined;

  const clauseWords = words(clause);
  const clauseTerms = clauseWords.map((word) => contentTerms(word));
  const questionProhibits = words(question).some((word) => prohibitionPattern.test(word));
  // The question's words each negation of the question reaches: a lead negating the same word agrees with it.
  const negatedInQuestion = new Set(
    clauseWords.flatMap((word, index) =>
      negationPattern.test(word) ? clauseTerms.slice(index + 1, index + 1 + negationReach).flat() : [],
    ),
  );
  let negative = false;
  for (const [index, word] of leadWords.entries()) {
    const prohibition = prohibitionPattern.test(word);
    if (!prohibition && !negationPattern.test(word)) continue;
    const following = leadWords.slice(index + 1, index + 1 + negationReach);
    const reached = leadTerms.slice(index + 1, index + 1 + negationReach).flat();
    const turned = reached.filter((term) => asked.some((other) => sameWord(term, other)));
    // A prohibition named aside ("closing the gap left by the purchase ban") turns nothing asked.
    if (prohibition) {
      negative ||= turned.length > 0 && !questionProhibits;
      continue;
    }
    if (turned.length === 0) return undefined;
    if (following.some((other) => returnPattern.test(other))) continue;
    if (turned.some((term) => [...negatedInQuestion].some((other) => sameWord(term, other)))) continue;
    negative = true;
  }
  return negative ? 'No' : 'Yes';
}

/**
 * A recommendation about the asked thing ("access should be logged"): what ought to be, which does not say what is.
 * It answers only a question of what one should or must do.
 */
function recommends(lead: string, leadTerms: readonly string[][], asked: readonly string[]): boolean {
  const leadWords = words(lead);
  return leadWords.some(
    (word, index) =>
      /^(?:should|ought|recommended|recommends)$/i.test(word) &&
      leadTerms
        .slice(index + 1, index + 1 + negationReach)
        .flat()
        .some((term) => asked.some((other) => sameWord(term, other))),
  );
}

function words(text: string): string[] {
  return text
    .split(/[\s,;:()“”"]+/)
    .map((word) => word.replace(/[.!?]+$/, ''))
    .filter(Boolean);
}

/** The same word, or a related form the stemmer did not join ("prohibition" / "prohibited"). */
function sameWord(left: string, right: string): boolean {
  if (left === right) return true;
  return left.length >= 5 && right.length >= 5 && left.slice(0, 5) === right.slice(0, 5);
}
