/**
 * Stop words: English function words, which carry no topic. Search (the hashing vectors and query expansion) drops
 * them from its tokens; term matching (support scores, the evidence check, the local model) drops them and, on top,
 * the words a request is phrased with ("tell", "explain", "want"), which say how to answer, not what about.
 */

const functionWordList = `a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has have having he her
here hers him his how i if in into is it its itself just may me might more most must my no nor not of off on once only
or other our ours out over own same shall she should so some such than that the their theirs them then there these
they this those through to too under until up upon very was we were what when where which while who whom why will
with would you your yours also per via whether within without`;

// "now" dates a question ("is it still allowed now?"), so term matching keeps it; the vectors treat it as filler.
const searchOnlyWordList = 'now';

const requestWordList = `almost among aren cannot done either else etc ever every get gets got herself himself however
isn let much myself neither often one others otherwise ourselves please quite rather themselves though thus us
whatever whose yes yet yourself yourselves tell know explain describe give show say says said want wants need needs
anything something someone anyone there's what's it's don't doesn't isn't aren't can't i'm`;

function words(list: string): string[] {
  return list.split(/\s+/).filter(Boolean);
}

/** The words search tokens drop (text/tokens.ts). */
export const stopWords: ReadonlySet<string> = new Set([...words(functionWordList), ...words(searchOnlyWordList)]);

/** The words term matching drops (text/terms.ts), apostrophes removed as its tokeniser removes them. */
export const matchingStopWords: ReadonlySet<string> = new Set(
  [...words(functionWordList), ...words(requestWordList)].map((word) => word.replace(/['’]/g, '')),
);
