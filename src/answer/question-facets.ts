/**
 * What a question asks about, read from its wording: the named things it is about (vendors, laws, courts, places,
 * acronyms), the dates it refers to, the legal provisions it names, and the kind of fact it asks for (a count, an
 * amount, a penalty imposed, a certification, an outcome). The evidence check needs these facets because a corpus
 * can contain every word of a question and still not the fact: "Is Alibaba Cloud on the DORA list?" is answerable
 * only by a passage that links Alibaba Cloud to that list.
 */
import { askedQuantity } from '../text/asked-quantity.js';
import { contentTerms, tokenize } from '../text/terms.js';
import { phrasePattern } from '../text/phrases.js';

export interface NamedFacet {
  /** The words as written in the question ("Hong Kong", "C5"). */
  text: string;
  /** Their content-term stems. */
  terms: string[];
  /** Word position in the question; adjacent named words form one name ("Alibaba Cloud"). */
  position: number;
  /** All capitals ("CPRA", "FADP"): an abbreviation names one specific law, body or scheme. */
  acronym: boolean;
}

export interface DateFacet {
  /** As written ("mid-2026", "2024"). */
  text: string;
  year: string;
  /** Earliest day the reference can mean, YYYY-MM-DD. */
  from: string;
  /** Whether it names part of a year (a month, a season, "mid-", "end of"). */
  partOfYear: boolean;
}

export interface ProvisionFacet {
  /** As written ("Article 43"). */
  text: string;
  number: string;
  /**
   * The same provision cited another way in brackets right after it ("section 12 (40 U.S.C. 3304a)" → ["3304a"]):
   * a passage with either citation has it.
   */
  alternatives: string[];
}

/**
 * Kinds of asked fact that need a passage of a particular shape: a count needs a number of the counted things, an
 * imposed penalty needs a sentence saying who was fined, a certification needs the certificate named beside the
 * service.
 */
export type AskedFact =
  | 'count'
  | 'duration'
  | 'imposed-penalty'
  | 'quantity'
  | 'certification'
  | 'outcome'
  | 'list-members'
  | 'provision'
  | 'claim-check';

export interface QuestionFacets {
  named: NamedFacet[];
  dates: DateFacet[];
  provisions: ProvisionFacet[];
  asks: AskedFact[];
  /** For counts: stems of the counted noun ("requests"). */
  countedTerms: string[];
  /** For certifications: stems of the certificate names in the question ("c5", "fedramp"). */
  certificateTerms: string[];
  /** The same, one list of terms per scheme named ("SOC 2 and ISO 27001" → [["soc", "2"], ["iso", "27001"]]). */
  certificateSchemes: string[][];
  /** For outcomes: the family of the asked outcome ("close": closed, closing, completed). */
  outcome?: 'closed' | 'adopted' | 'decided';
}

// Capitalised words that start a clause or address the reader rather than name anything.
const notNames = new Set(
  tokenize(`i is are was were do does did has have had can could should would will may might what which who whom whose
  when where why how if please the a an and or but our we you your it its this that these those there article articles
  art arts section sections`),
);

const monthStarts: Record<string, string> = {
  january: '01',
  february: '02',
  march: '03',
  april: '04',
  may: '05',
  june: '06',
  july: '07',
  august: '08',
  september: '09',
  october: '10',
  november: '11',
  december: '12',
  spring: '03',
  summer: '06',
  mid: '06',
  autumn: '09',
  fall: '09',
  late: '09',
  winter: '12',
  end: '12',
};

const datePattern =
  /\b(?:(early|mid|late|end of|spring|summer|autumn|fall|winter|january|february|march|april|may|june|july|august|september|october|november|december)[\s-]+(?:of\s+)?)?((?:19|20)\d{2})\b/gi;
const provisionPattern = /\b(?:art(?:icle)?s?\.?|section|sec\.|§)\s*(\d+[a-z]?)\b/gi;

// A standard's number names a scheme ("ISO/IEC 27001"); generic words ("certification") say that a certificate is
// asked for, not which.
const standardNumberPattern = /\biso(?:\/iec)?\s*\d{4,5}\b/gi;
const noSchemes = phrasePattern([], 'g');

/** The schemes a question names, in order: standards by number, the field's schemes by name (`schemes`). */
function namedSchemes(question: string, schemes: RegExp): string[] {
  return [...question.matchAll(standardNumberPattern), ...question.matchAll(schemes)]
    .sort((left, right) => left.index - right.index)
    .map((match) => match[0]);
}

/**
 * "Section 7.3 (Hosting): ..." opening a question is the numbering of the questionnaire it comes from (an outline
 * number, with a dot), not a provision of a law.
 */
function outlineNumbering(question: string, index: number, length: number): boolean {
  return question.slice(0, index).trim() === '' && /^\.\d/.test(question.slice(index + length));
}

/** The section numbers of a bracketed citation that opens `rest` ("(40 U.S.C. 3304a)" → ["3304a"]). */
function alternativeCitations(rest: string): string[] {
  const bracket = /^\s*\(([^()]{1,60})\)/.exec(rest);
  if (!bracket) return [];
  // The last number of each citation is its section ("40 U.S.C. 3304a", "§ 4101(c)" → 4101); a title number before
  // a code's abbreviation is not.
  return [...bracket[1]!.matchAll(/(?:^|[\s§])(\d+[a-z]?)(?![\w.])(?!\s*(?:U\.?\s?S\.?\s?C|C\.?F\.?R)\b)/gi)].map(
    (match) => match[1]!.toLowerCase(),
  );
}

/** A word as written, without the punctuation around it or a possessive "'s" ("Globex's," → "Globex"). */
export function bareWord(raw: string): string {
  return raw.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '').replace(/['’]s$/u, '');
}

/** `schemes`: the field vocabulary's certification schemes, as a global pattern. */
export function readQuestionFacets(question: string, schemes: RegExp = noSchemes): QuestionFacets {
  const schemesNamed = namedSchemes(question, schemes);
  const dates: DateFacet[] = [];
  for (const match of question.matchAll(datePattern)) {
    const qualifier = match[1]?.toLowerCase().replace(/ of$/, '');
    const year = match[2]!;
    const month = qualifier ? monthStarts[qualifier] : undefined;
    dates.push({ text: match[0], year, from: `${year}-${month ?? '01'}-01`, partOfYear: month !== undefined });
  }
  const provisions = [...question.matchAll(provisionPattern)]
    .filter((match) => !outlineNumbering(question, match.index, match[0].length))
    .map((match) => ({
      text: match[0],
      number: match[1]!.toLowerCase(),
      alternatives: alternativeCitations(question.slice(match.index + match[0].length)),
    }));
  const years = new Set(dates.map((date) => date.year));

  const named: NamedFacet[] = [];
  const words = question.split(/\s+/);
  words.forEach((raw, index) => {
    const word = bareWord(raw);
    if (word === '' || /^\d+$/.test(word) || [...years].some((year) => word.includes(year))) return;
    // "Q5.2 ...", "A.3.1 ...": the row number of the questionnaire a question comes from, not a name.
    if (index === 0 && /^(?:[A-Za-z]{1,2}\.?)?\d+(?:\.\d+)*$/.test(word) && /\d/.test(word)) return;
    const lower = word.toLowerCase();
    if (notNames.has(lower)) return;
    const capitalised = index > 0 && /^\p{Lu}/u.test(word) && !/[.!?:]$/.test(words[index - 1] ?? '');
    const acronym = /^\p{Lu}{2,}\d*$/u.test(word) && word.length <= 8;
    const code = /\p{L}/u.test(word) && /\d/.test(word);
    if (!capitalised && !acronym && !code) return;
    const terms = contentTerms(word);
    if (terms.length > 0) named.push({ text: word, terms, position: index, acronym });
  });

  const lower = question.toLowerCase();
  const asks: AskedFact[] = [];
  let countedTerms: string[] = [];
  const count =
    /\b(?:how many|number of|statistics? (?:for|on|of)?\s*(?:how many)?)\s+((?:[\p{L}-]+\s+){0,3}?[\p{L}-]+s)\b/iu.exec(
      question,
    );
  if (count) {
    asks.push('count');
    countedTerms = contentTerms(count[1]!).slice(-1);
  }
  // "How long does approval take?" needs a period of time, not the procedure alone.
  if (/\bhow (?:long|quickly|soon)\b(?! ago\b)/i.test(lower)) asks.push('duration');
  if (
    /\b(did|has|have|had)\b[^?]*\b(fine|fined|penalt\w*|impose\w*|sanction\w*)\b/i.test(lower) ||
    /\b(fine|penalty)\b[^?]*\b(gave|given|imposed|levied|issued)\b/i.test(lower)
  ) {
    asks.push('imposed-penalty');
  }
  // "How much ...?", "what share of ...?", "fine ceiling": the answer is an amount or a proportion.
  if (askedQuantity(question) === 'amount') asks.push('quantity');
  // "Which article of the act ...?", "cite the specific section ...": the answer is a provision the question does not
  // number itself.
  if (
    provisions.length === 0 &&
    /\b(?:which|what|cite|name|quote)\s+(?:(?:the|a|an|specific|exact|relevant|particular)\s+)*(?:articles?|sections?|provisions?|clauses?)\b/i.test(
      lower,
    )
  ) {
    asks.push('provision');
  }
  const certificateTerms = schemesNamed.flatMap((scheme) => contentTerms(scheme));
  if (/\b(certif\w*|attestation|accreditation|authori[sz]ation status)\b/i.test(lower)) asks.push('certification');
  const outcome =
    /\b(?:what did .{0,60}\b(decide|rule|conclude)|has .{0,60}\b(been adopted|closed|concluded|been decided)|did .{0,60}\b(close|conclude))\b/i.exec(
      lower,
    );
  const outcomeWord = outcome ? (outcome[1] ?? outcome[2] ?? outcome[3] ?? '') : '';
  if (outcome && !asksReasons(lower)) asks.push('outcome');
  if (
    /\bwhich (?:\w+ ){0,2}(companies|firms|vendors|entities|organi[sz]ations|states|countries|providers|products)\b.{0,40}\b(are|is|were|was|did|have|had)\b.{0,60}\b(on|in|added|add|listed|designated)\b.{0,40}\blist\b/i.test(
      lower,
    )
  ) {
    asks.push('list-members');
  }
  // "Could you verify this supplier's claim: '...'": the claim quoted is what is checked, not a fact the corpus must hold.
  if (claimCheckPattern.test(lower)) asks.push('claim-check');
  return {
    named,
    dates,
    provisions,
    asks,
    countedTerms,
    certificateTerms: [...new Set(certificateTerms)],
    certificateSchemes: [...new Set(schemesNamed.map((scheme) => scheme.toLowerCase()))].map((scheme) =>
      contentTerms(scheme),
    ),
    ...(outcome && !asksReasons(lower)
      ? { outcome: /clos/.test(outcomeWord) ? 'closed' : /adopt/.test(outcomeWord) ? 'adopted' : 'decided' }
      : {}),
  };
}

const claimCheckPattern =
  /\b(?:validate|verify|fact-?check|check|confirm|assess)\s+(?:this|these|the|that|our|their|a|its)\s+(?:(?:vendor|supplier|provider)(?:['’]s)?\s+)?(?:answers?|responses?|claims?|statements?|assertions?)\b/i;

/**
 * "Why did the board conclude that ...?", "How did the court decide ...?": the question takes the outcome as given and
 * asks for the reasons or the manner, not whether it happened.
 */
function asksReasons(lowerQuestion: string): boolean {
  return /^\W*(?:why|how)\b(?!\s+(?:many|much|long|soon|often|quickly))/.test(lowerQuestion);
}
