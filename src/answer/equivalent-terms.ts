/**
 * Words a question uses for what the law and the news say in other words. People ask "can Beijing make Alibaba hand
 * over our data?"; the statutes say that organisations must "support, assist and cooperate" and that State-security
 * organs may "obtain" or "retrieve" data. The evidence check (evidence.ts) counts a question word as covered when a
 * passage has the word itself or one of the words listed for it here.
 *
 * The list is one-way (a passage saying "Beijing" does not cover a question about "China" in general) and kept to the
 * field's fixed usages: a capital standing for its State, the verbs of compelled access, bans written as prohibitions,
 * and the PRC's own names for its police and security services.
 */
import { contentTerms } from './text.js';

const equivalents: Record<string, string[]> = {
  // A capital city standing for its State.
  beijing: ['china', 'chinese', 'prc', "people's republic"],
  moscow: ['russia', 'russian'],
  // Compelled access: to force someone to act, and to hand something over.
  force: ['compel', 'require', 'oblige', 'obligation', 'duty', 'order', 'demand', 'mandate', 'cooperate'],
  make: ['compel', 'require', 'oblige', 'obligation', 'duty', 'order', 'demand', 'mandate', 'cooperate'],
  compel: ['require', 'oblige', 'obligation', 'duty', 'order', 'demand', 'mandate', 'cooperate'],
  hand: ['disclose', 'disclosure', 'provide', 'produce', 'surrender', 'retrieve', 'obtain', 'access', 'give'],
  // A ban is written as a prohibition, and what is allowed as what is permitted.
  banned: ['prohibit', 'prohibition', 'forbid', 'block', 'unlawful'],
  allowed: ['permit', 'lawful'],
  // The PRC's names for its police and its State-security service.
  police: ['public security'],
  mss: ['state security'],
};

/** For each question stem, the alternatives that cover it, each as the stems a passage must all have. */
const alternativesByStem: ReadonlyMap<string, string[][]> = new Map(
  Object.entries(equivalents).map(([word, alternatives]) => [
    contentTerms(word)[0]!,
    alternatives.map((alternative) => contentTerms(alternative)),
  ]),
);

/** Whether a passage's stems cover a question stem, by the stem itself or one of its listed equivalents. */
export function coversTerm(term: string, passageTerms: ReadonlySet<string>): boolean {
  if (passageTerms.has(term)) return true;
  const alternatives = alternativesByStem.get(term);
  return alternatives !== undefined && alternatives.some((stems) => stems.every((stem) => passageTerms.has(stem)));
}
