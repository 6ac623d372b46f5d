/**
 * Joint coverage of what a question asks: after the lexical check has found the question's words in the retrieved
 * passages, these checks ask whether one passage (or one sentence) links the things the question is about to the
 * fact it asks for: the year to the vendor, the article number to the law, the certificate to the service, a number
 * to the counted things, a fine to the regulator that imposed it. They also read the corpus' own statements of what
 * it does not hold ("no outcome has been published", "not checked for this corpus"): when the sentence that best
 * matches the question is such a statement, the honest answer is an abstention that says so.
 *
 * Each check returns what is missing, in words a reader can act on; the first one that fails decides.
 */
import type { Passage } from '../corpus/types.js';
import { askingAndScene } from '../text/asking-sentences.js';
import { splitCitedSentences } from '../text/cited-sentences.js';
import { bareWord, type NamedFacet, type QuestionFacets } from './question-facets.js';
import { namesIn } from './field-vocabulary.js';
import { statesQuantity } from '../text/asked-quantity.js';
import { formatDate } from '../text/dates.js';
import { contentTerms, stem, termWeight, tokenize } from '../text/terms.js';

export interface CoverageGap {
  /** What the corpus lacks, as a sentence for the abstention reason. */
  reason: string;
  check:
    | 'provision'
    | 'provision-asked'
    | 'date'
    | 'count'
    | 'duration'
    | 'penalty'
    | 'quantity'
    | 'certification'
    | 'outcome'
    | 'list-members'
    | 'named'
    | 'stated-gap';
}

interface PreparedSentence {
  text: string;
  terms: Set<string>;
  /** The clauses that state a gap (see gapClause); undefined when the sentence states none. */
  gap: string | undefined;
}

interface PreparedPassage {
  passage: Passage;
  /** Terms of the title, heading and text. */
  terms: Set<string>;
  sentences: PreparedSentence[];
  /** Terms of the title, heading and the sentences that assert something (not questions, not stated gaps). */
  factTerms: Set<string>;
}

/** Weighted share of the question's terms a sentence must reach to count as the corpus speaking to the question. */
const statedGapMinimumRelevance = 0.4;
/** A gap statement decides only when it is (nearly) the best match for the question among all sentences. */
const statedGapShareOfBest = 0.95;
/** The gap clause itself must share this much of the question. */
const statedGapMinimumClauseRelevance = 0.2;

// The corpus' own words for a fact it does not hold. Global because gapClause collects every match with matchAll,
// which works on a copy and leaves this pattern's lastIndex alone.
const statedGapPattern =
  /\b(no (information|record|records|confirmed|public|published|outcome|figures?|final decision|statement)|not (been )?(recorded|published|confirmed|checked|disclosed|reliably record\w*)|does not (record|describe|reliably record)|do not (record|describe)|makes no statement|are not covered|is not covered|not covered by this|is pending|remains pending|a proposal only|this is a proposal|are confidential|is confidential|unpublished|has not been (adopted|decided|confirmed))\b/gi;

const quantityPattern =
  /^(\d[\d,.]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|thousands?|millions?|billions?|several|many|few|no)$/i;
const outcomeWords = {
  closed: /\b(closed|closing|completed)\b/i,
  adopted: /\b(adopted|adoption|adopt)\b/i,
  decided: /\b(decided|decision|ruled|ruling|held|upheld|dismissed|annulled|judgment|set aside)\b/i,
} as const;

const durationPattern =
  /\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|forty-five|sixty|ninety)[\s-]+(?:(?:working|business|calendar)\s+)?(?:hours?|days?|weeks?|months?|years?)\b|\b(?:without (?:undue )?delay|immediately|promptly)\b/i;
const quantityFigurePattern =
  /([€$£¥]\s?\d|\b\d[\d,.]*\s*(%|percent|per cent|million|billion|thousand)\b|\b(RMB|EUR|USD|GBP|CNY|yuan|dollars?|euros?|pounds?|crowns?)\b|\b(one|two|three|four|five|ten|twenty|fifty|a) (hundred|thousand|million|billion)\b|\bper cent\b)/i;
/** Words that ask whether something holds a certificate or meets a scheme. */
const holdingPattern = /\b(holds?|held|has|have|had|obtain\w*|achiev\w*|compliant|complies|certified|awarded)\b/i;
const imposedPattern = /\b(fined|imposed|ordered\b.{0,40}\bto pay|penali[sz]ed|levied)\b/i;

export interface CoverageOptions {
  /** Stems of the assistant's field ("gdpr", "nsa"): an abbreviation among them may be written out in a passage. */
  domainTerms: ReadonlySet<string>;
  /** Groups of names that mean the same thing (the field vocabulary's names): any of them names the thing. */
  names?: readonly (readonly string[])[];
  /**
   * How rare a word is in the whole corpus (corpus-statistics.ts), 0 for a word it never uses. A name the corpus uses
   * in many passages ("European") and the top passages lack is the asker's wording, not a thing the corpus lacks.
   */
  rarity?: (term: string) => number;
  /** Whether the corpus writes a stem as a name (corpus-statistics.ts): "beacon" in "project beacon" names a thing. */
  writesAsName?: (term: string) => boolean;
  /** Stems of the field's weak words (the field vocabulary's `weak_words`), which count less. */
  weakTerms?: ReadonlySet<string>;
}

export function findCoverageGap(
  question: string,
  facets: QuestionFacets,
  passages: readonly Passage[],
  options: CoverageOptions,
): CoverageGap | undefined {
  if (passages.length === 0) return undefined;
  const prepared = passages.map(prepare);
  const subject = subjectFacets(facets);
  const subjectPhrase = phrase(subject);
  const asOf = latestAsOf(passages);

  // "Article 37 of the Cybersecurity Law": when the question names an instrument the vocabulary knows, the article
  // must be that instrument's, not another law's Article 37.
  const instruments = (options.names ?? []).filter((group) => group.some((name) => namesIn(question, name)));
  const ofInstrument = (item: PreparedPassage) =>
    instruments.length === 0 ||
    instruments.some((group) =>
      group.some((name) => `${item.passage.title}\n${item.passage.heading}`.toLowerCase().includes(name.toLowerCase())),
    );
  for (const provision of facets.provisions) {
    const pattern = new RegExp(
      `\\b(?:art(?:icle)?s?\\.?|sections?|sec\\.|§)\\s*(?:\\d+[a-z]?(?:\\(\\d+\\))?(?:\\s*,\\s*|\\s+(?:and|to|or)\\s+))*${provision.number}\\b`,
      'i',
    );
    const anchor = new RegExp(`#(?:art|arts|sec|section)-(?:[\\w-]*-)?${provision.number}(?:-|$)`, 'i');
    const alternatives = provision.alternatives.map((number) => new RegExp(`(?<![\\w.])${number}(?![\\w])`, 'i'));
    const found = prepared.some(
      (item) =>
        ofInstrument(item) &&
        (pattern.test(`${item.passage.heading}\n${item.passage.text}`) ||
          anchor.test(item.passage.id) ||
          alternatives.some((alternative) =>
            alternative.test(`${item.passage.id}\n${item.passage.title}\n${item.passage.heading}`),
          )),
    );
    if (!found) {
      return {
        check: 'provision',
        reason: `The corpus has no passage on ${provision.text}${subjectPhrase ? ` of ${subjectPhrase}` : ''}.`,
      };
    }
  }

  // A claim to be checked ("the supplier says it holds SOC 2 and keeps all data in Ruritania") asks what the corpus
  // says about its subject, which may contradict it: its details are not facts the corpus must hold. Only the names
  // count.
  if (facets.asks.includes('claim-check')) return absentNames(question, facets, prepared, options);

  const bestSubject = Math.max(...prepared.map((item) => subjectShare(subject, item.terms)));
  const aboutSubject = prepared.filter(
    (item) => subject.length === 0 || subjectShare(subject, item.terms) >= Math.max(0.5, bestSubject - 0.2),
  );

  for (const date of facets.dates) {
    // The year must come with a fact: "makes no statement about entries in 2026" does not link anything to 2026.
    // ... and with the subject in the same sentence: a 2024 Kaspersky ban in an Alibaba article is not Alibaba's 2024.
    const joint = aboutSubject.filter(
      (item) =>
        contentTerms(item.passage.heading).includes(date.year) ||
        item.sentences.some(
          (sentence) =>
            sentence.terms.has(date.year) &&
            (subject.length === 0 || subjectShare(subject, sentence.terms) > 0) &&
            !(sentence.gap ?? '').includes(date.year),
        ),
    );
    const subjectAsOf = latestAsOf(joint.map((item) => item.passage)) || asOf;
    const after = asOf !== '' && date.from > asOf;
    if (joint.length === 0) {
      return {
        check: 'date',
        reason: after
          ? `The corpus' sources run to ${formatDate(asOf)}; it has no passage on ${subjectPhrase || 'this'} in ${date.text}.`
          : `The corpus has no passage that links ${subjectPhrase || 'this question'} to ${date.text}.`,
      };
    }
    if (date.partOfYear && subjectAsOf !== '' && date.from > subjectAsOf) {
      return {
        check: 'date',
        reason: `The corpus' sources on ${subjectPhrase || 'this'} run to ${formatDate(subjectAsOf)}, before ${date.text}.`,
      };
    }
  }

  // A question in a passage ("How many requests have you received?") states no fact.
  const sentences = aboutSubject.flatMap((item) => item.sentences).filter((sentence) => !sentence.text.endsWith('?'));
  if (facets.asks.includes('count') && facets.countedTerms.length > 0) {
    const counted = facets.countedTerms;
    const found = sentences.some((sentence) => countsThem(withoutReferences(sentence.text), counted));
    if (!found) {
      return {
        check: 'count',
        reason: `The corpus has no figure for the number of ${countedWords(question, counted)}${subjectPhrase ? ` (${subjectPhrase})` : ''}.`,
      };
    }
  }
  if (facets.asks.includes('duration')) {
    const found = sentences.some((sentence) => durationPattern.test(withoutReferences(sentence.text)));
    if (!found) {
      return {
        check: 'duration',
        reason: `The corpus states no time limit or duration${subjectPhrase ? ` for ${subjectPhrase}` : ''}.`,
      };
    }
  }
  if (facets.asks.includes('imposed-penalty')) {
    const found = sentences.some((sentence) => imposedPattern.test(sentence.text));
    if (!found) {
      return {
        check: 'penalty',
        reason: `The corpus records no penalty imposed${subjectPhrase ? ` in relation to ${subjectPhrase}` : ''}.`,
      };
    }
  }
  if (facets.asks.includes('quantity')) {
    // An amount or a share stated in a passage about the names it is asked of: a passage about the Freedonia
    // programme's budget does not give the Ruritania programme's, nor the EU's floor a member state's own figure. A
    // comparison ("fines under A vs B") asks a figure of each name.
    const names = figureNames(question, facets, options);
    // Side by side, each thing has passages of its own: any passage may give its figure.
    const comparison = comparisonPattern.test(question);
    // Each name stands beside the figure: in its sentence, the passage's title and heading, or as the jurisdiction
    // the passage is about ("UK" for a UK act's enforcement section).
    const figures = (comparison ? prepared : aboutSubject).flatMap((item) => {
      const frame = `${item.passage.title}\n${item.passage.heading}`;
      const frameTerms = new Set(contentTerms(frame));
      return item.sentences
        .filter((sentence) => !sentence.text.endsWith('?') && statesFigure(withoutReferences(sentence.text)))
        .map((sentence) => ({ item, sentence, frame, frameTerms }));
    });
    type Figure = (typeof figures)[number];
    const hasName = ({ item, sentence, frame, frameTerms }: Figure, name: FigureName) =>
      name.terms.every((term) => sentence.terms.has(term) || frameTerms.has(term)) ||
      name.text.toUpperCase() === item.passage.jurisdiction.toUpperCase() ||
      otherNames(name.text, options.names ?? []).some((other) => `${frame}\n${sentence.text}`.includes(other));
    const found = comparison
      ? names.every((name) => figures.some((item) => hasName(item, name)))
      : figures.some((item) => names.every((name) => hasName(item, name)));
    if (!found) {
      return {
        check: 'quantity',
        reason: `The corpus states no amount or share${subjectPhrase ? ` for ${subjectPhrase}` : ''}.`,
      };
    }
  }
  const rarity = options.rarity;
  if (facets.asks.includes('certification') || facets.certificateTerms.length > 0) {
    const certificates = facets.certificateTerms;
    // Asserted, not merely mentioned: "covered regions (including any Frankfurt region) have not been checked"
    // names Frankfurt without saying anything is certified there. A named scheme ("C5") must be asserted in a
    // passage about the subject; a generic "which certifications" needs one sentence that links both.
    const asserts = (sentence: PreparedSentence) => sentence.gap === undefined && !sentence.text.endsWith('?');
    // Each scheme named must be asserted, in a sentence of its own or together with the others. A name the corpus
    // never uses ("under NDA") links nothing; whether the corpus covers it at all is the names check's to say.
    // And only a question about holding a scheme ("does X hold SOC 2?") needs it linked to its subject; one about
    // the schemes themselves ("a SaaS vendor offers a SOC 3 instead of a SOC 2: is that enough?") does not.
    const holding = facets.asks.includes('certification') || holdingPattern.test(question);
    const linkable = !holding
      ? []
      : rarity
        ? subject.filter((facet) => facet.terms.every((term) => rarity(term) > 0))
        : subject;
    const found =
      certificates.length > 0
        ? facets.certificateSchemes.every((scheme) =>
            prepared.some(
              (item) =>
                subjectShare(linkable, item.factTerms) === 1 &&
                item.sentences.some(
                  (sentence) => asserts(sentence) && scheme.every((term) => sentence.terms.has(term)),
                ),
            ),
          )
        : sentences.some(
            (sentence) =>
              asserts(sentence) &&
              subjectShare(subject, sentence.terms) === 1 &&
              /\b(certif\w*|attestation|ISO\/IEC|SOC [123])\b/i.test(sentence.text),
          );
    if (!found) {
      const asked =
        certificates.length > 0 ? phrase(facets.named.filter((facet) => isCertificate(facet, certificates))) : '';
      return {
        check: 'certification',
        reason: `The corpus has no passage that links ${subjectPhrase || 'this service'} to ${asked || 'a certification'}.`,
      };
    }
  }

  if (facets.outcome) {
    const family = outcomeWords[facets.outcome];
    // The outcome must be stated about the thing asked about (the first name in the question), not a neighbour.
    const primary = firstName(facets.named);
    const stated = sentences.filter(
      (sentence) =>
        family.test(sentence.text) && primary.every((facet) => facet.terms.every((term) => sentence.terms.has(term))),
    );
    const gapStatement = sentences.find((sentence) => sentence.gap !== undefined && family.test(sentence.text));
    // "These dates may change if the proposal is adopted" records no adoption.
    const recorded = stated.some((sentence) => sentence.gap === undefined && !hypothetical(sentence.text, family));
    if (!recorded) {
      return {
        check: 'outcome',
        reason: gapStatement
          ? `The corpus records no outcome: "${gapStatement.text}"`
          : `The corpus has no passage that says whether ${subjectPhrase || 'this'} was ${facets.outcome}.`,
      };
    }
  }
  if (facets.asks.includes('provision')) {
    // The provision asked for must be cited in a sentence of what is asked about: most of the subject's names in the
    // sentence or the title and heading of its passage (a law's article is headed by the law's name).
    const cites = /\b(?:art(?:icle)?s?\.?|sections?|§)\s*\d+|第[零〇一二两三四五六七八九十百千\d]+条/i;
    const found = aboutSubject.some((item) => {
      const frame = `${item.passage.title}\n${item.passage.heading}`;
      return item.sentences.some((sentence) => {
        if (sentence.gap !== undefined || !(cites.test(sentence.text) || cites.test(item.passage.heading)))
          return false;
        const terms = new Set([...sentence.terms, ...contentTerms(frame)]);
        const named = subject.filter(
          (facet) =>
            facet.terms.every((term) => terms.has(term)) ||
            otherNames(facet.text, options.names ?? []).some((name) => `${frame}\n${sentence.text}`.includes(name)),
        );
        return subject.length === 0 || named.length * 2 >= subject.length;
      });
    });
    if (!found) {
      return {
        check: 'provision-asked',
        reason: `The corpus cites no provision${subjectPhrase ? ` for ${subjectPhrase}` : ''} that answers this.`,
      };
    }
  }
  if (facets.asks.includes('list-members')) {
    const asked = new Set(facets.named.flatMap((facet) => facet.terms));
    const found = sentences.some(
      (sentence) =>
        /\b(list|listed|added|designated)\b/i.test(sentence.text) && namesSomethingElse(sentence.text, asked),
    );
    if (!found) {
      return {
        check: 'list-members',
        reason: `The corpus describes ${subjectPhrase || 'the list'} but names no members of it.`,
      };
    }
  }

  const names = absentNames(question, facets, prepared, options);
  if (names) return names;

  const statedGap = findStatedGap(question, facets, prepared, options.weakTerms);
  if (statedGap) {
    return { check: 'stated-gap', reason: `The corpus itself notes the gap: "${statedGap}"` };
  }
  return undefined;
}

/**
 * The names a figure is asked of: the question's named words outside the asker's own setting, and the words the corpus
 * writes as names where the question's case cannot tell ("how much did globex spend on project harbour?"). Only names the
 * corpus uses count; one it never uses is for the names check to judge.
 */
interface FigureName {
  text: string;
  terms: string[];
}

/** "A vs B", "compared with": a question that sets two things side by side. */
const comparisonPattern = /\b(?:vs\.?|versus|compared? (?:to|with)|comparison|differ\w*)\b/i;

/** An amount or share, written in English or Chinese ("EUR 20 million", "4 percent", "一百万元"). */
function statesFigure(text: string): boolean {
  return quantityFigurePattern.test(text) || statesQuantity(text, 'amount');
}

function figureNames(question: string, facets: QuestionFacets, options: CoverageOptions): FigureName[] {
  const { rarity, writesAsName } = options;
  const known = (term: string) => !rarity || rarity(term) > 0;
  const setting = new Set([...settingWords(question), ...sceneOnlyWords(question)]);
  const names = subjectFacets(facets)
    .filter((facet) => !setting.has(facet.text.toLowerCase()) && facet.terms.every(known))
    .map((facet) => ({ text: facet.text, terms: facet.terms }));
  const named = new Set(names.flatMap((name) => name.terms));
  if (!writesAsName) return names;
  // Where the question's own case does not tell (a question in lower case, or its capitalised first word), the
  // corpus' does.
  const words = question.split(/\s+/);
  const unmarked =
    question === question.toLowerCase() ? words : words.slice(0, 1).filter((word) => /^\p{Lu}/u.test(word));
  for (const word of unmarked) {
    const bare = bareWord(word);
    if (setting.has(bare.toLowerCase())) continue;
    for (const term of contentTerms(bare)) {
      if (named.has(term) || !known(term) || !writesAsName(term)) continue;
      named.add(term);
      names.push({ text: bare, terms: [term] });
    }
  }
  return names;
}

/** The names the question is about that no passage has (see the rules inside); undefined when none decides. */
function absentNames(
  question: string,
  facets: QuestionFacets,
  prepared: readonly PreparedPassage[],
  options: CoverageOptions,
): CoverageGap | undefined {
  const rarity = options.rarity;
  // Names of the asker's own setting ("We are a Lisbon-based payments firm ...") describe who asks, not what is
  // asked; an abbreviation the passages write with dots ("USC": "U.S.C.") is present.
  const setting = new Set([...settingWords(question), ...sceneOnlyWords(question)]);
  const absent = facets.named.filter(
    (facet) =>
      !setting.has(facet.text.toLowerCase()) &&
      // A name the corpus uses elsewhere but the top passages lack is beside the point of the question (retrieval
      // ranked its other words higher); only a name the corpus never uses says that the question is about something
      // it does not cover.
      !(rarity && facet.terms.every((term) => rarity(term) > 0)) &&
      !prepared.some(
        (item) =>
          facet.terms.every((term) => item.terms.has(term)) ||
          (facet.acronym && dottedForm(facet.text).test(`${item.passage.title}\n${item.passage.text}`)) ||
          (facet.acronym && spellsOut(facet.text, item.passage.text)) ||
          otherNames(facet.text, options.names ?? []).some((name) =>
            `${item.passage.title}\n${item.passage.heading}\n${item.passage.text}`.includes(name),
          ),
      ),
  );
  // An abbreviation names one law, body or scheme ("CPRA"); if no passage has it, the corpus does not cover it.
  const absentAbbreviation = absent.find(
    (facet) =>
      facet.acronym &&
      !options.domainTerms.has(facet.terms[0]!) &&
      !prepared.some((item) => spellsOut(facet.text, item.passage.text)),
  );
  if (absentAbbreviation) {
    return { check: 'named', reason: `The corpus has no passage that mentions ${absentAbbreviation.text}.` };
  }
  // A name of three words or more ("Harbour Pilot Licensing Board") names one thing, as an abbreviation does: when no
  // passage has its words together in a sentence, or in its title and heading, the corpus does not name it, even if
  // each word is common.
  const absentPhrase = namePhrases(facets.named)
    .filter((name) => name.length >= 3 && !name.some((facet) => setting.has(facet.text.toLowerCase())))
    .find(
      (name) =>
        !prepared.some((item) => {
          const terms = name.flatMap((facet) => facet.terms);
          const frame = new Set(contentTerms(`${item.passage.title} ${item.passage.heading}`));
          return item.sentences.some((sentence) => terms.every((term) => sentence.terms.has(term) || frame.has(term)));
        }),
    );
  if (absentPhrase) {
    return { check: 'named', reason: `The corpus has no passage that mentions ${phrase(absentPhrase)}.` };
  }
  // Most of the names a question has (or its only name) in no passage: the question is about something the corpus
  // does not name. Missing names beside more that are present are the asker's setting ("a German manufacturer") or
  // variant spellings.
  if (
    (absent.length >= 2 && absent.length * 2 >= facets.named.length) ||
    (absent.length === 1 && facets.named.length === 1)
  ) {
    return {
      check: 'named',
      reason: `The corpus has no passage that mentions ${quoteList(absent.map((facet) => facet.text))}.`,
    };
  }
  return undefined;
}

/**
 * The corpus' own statement that it lacks the fact, when that statement is the best match for the question and the
 * clause that states the gap is itself about the question (an aside in brackets, or a gap clause about something else
 * in a sentence that answers the question, does not count).
 */
function findStatedGap(
  question: string,
  facets: QuestionFacets,
  prepared: PreparedPassage[],
  weakTerms: ReadonlySet<string> | undefined,
): string | undefined {
  const named = new Set(facets.named.flatMap((facet) => facet.terms));
  const subjectTerms = new Set([...named, ...facets.provisions.flatMap((provision) => contentTerms(provision.text))]);
  const terms = [...new Set(contentTerms(question))];
  const weight = (term: string) => (named.has(term) ? 2 : termWeight(term, weakTerms));
  const total = terms.reduce((sum, term) => sum + weight(term), 0);
  if (total === 0) return undefined;
  const relevanceOf = (found: Set<string>) =>
    terms.filter((term) => found.has(term)).reduce((sum, term) => sum + weight(term), 0) / total;
  let best = 0;
  let bestGap: { text: string; relevance: number } | undefined;
  for (const item of prepared) {
    for (const sentence of item.sentences) {
      const relevance = relevanceOf(sentence.terms);
      best = Math.max(best, relevance);
      const clause = sentence.gap;
      if (clause === undefined || relevance <= (bestGap?.relevance ?? 0)) continue;
      const clauseTerms = new Set(contentTerms(clause));
      if (relevanceOf(clauseTerms) < statedGapMinimumClauseRelevance) continue;
      // Sharing only the subject ("NIL Article 7") is not enough: the clause must be about what is asked.
      if (!terms.some((term) => !subjectTerms.has(term) && sharesWord(term, clauseTerms))) continue;
      bestGap = { text: sentence.text, relevance };
    }
  }
  if (!bestGap || bestGap.relevance < statedGapMinimumRelevance || bestGap.relevance < best * statedGapShareOfBest) {
    return undefined;
  }
  return bestGap.text;
}

/** The clauses of a sentence that state a gap, outside brackets, joined; undefined when there is none. */
function gapClause(sentence: string): string | undefined {
  // Bracketed asides are masked (same length, so offsets stay) and never count as the gap.
  const masked = sentence.replace(/\([^()]*\)/g, (aside) => ' '.repeat(aside.length));
  const matches = [...masked.matchAll(statedGapPattern)];
  if (matches.length === 0) return undefined;
  const boundaries = [...masked.matchAll(/;|:|,\s+(?:and|but|while|whereas|although|so)\s|\s+but\s/g)].map((item) => ({
    start: item.index,
    end: item.index + item[0].length,
  }));
  return matches
    .map((match) => {
      const start = Math.max(0, ...boundaries.filter((item) => item.end <= match.index).map((item) => item.end));
      const end = Math.min(
        sentence.length,
        ...boundaries.filter((item) => item.start >= match.index).map((item) => item.start),
      );
      return sentence.slice(start, end);
    })
    .join(' … ');
}

/** The facets of the first name in the question ("Digital Omnibus" in "Has the Digital Omnibus been adopted?"). */
function firstName(named: readonly NamedFacet[]): NamedFacet[] {
  const name: NamedFacet[] = [];
  for (const facet of named) {
    if (name.length > 0 && facet.position !== name.at(-1)!.position + 1) break;
    name.push(facet);
  }
  return name;
}

/** Whether the outcome word in a sentence is only a condition or a possibility ("if it is adopted"). */
function hypothetical(sentence: string, family: RegExp): boolean {
  const match = family.exec(sentence);
  if (!match) return false;
  return /\b(if|until|unless|once|would|whether|may|might|could)\b[^.;]*$/i.test(sentence.slice(0, match.index));
}

/** The same word, or a related form the stemmer did not join ("certification" / "certificates"). */
function sharesWord(term: string, terms: Set<string>): boolean {
  if (terms.has(term)) return true;
  if (term.length < 5) return false;
  const prefix = term.slice(0, 5);
  for (const other of terms) if (other.startsWith(prefix)) return true;
  return false;
}

/** Whether a text writes an abbreviation out: "CJEU" in "Court of Justice of the European Union". */
/** Words of the clauses in which the asker describes themselves: those opening with we, our, I or my. */
function settingWords(question: string): Set<string> {
  const words = new Set<string>();
  for (const clause of question.split(/(?<=[.;:!?])\s+|,\s+(?=but\b|and\b)/i)) {
    if (!/^\s*(?:(?:but|and|so)\s+)?(?:we|we're|we are|our|i|i'm|i am|my)\b/i.test(clause)) continue;
    for (const word of clause.split(/\s+/)) words.add(bareWord(word).toLowerCase());
  }
  return words;
}

/**
 * Words only of the sentences that set a scene before a question asks ("The port operator sent a summary under an
 * MNDA instead of its audit report. Is that enough?"): the scene's names say what happened, the asking sentence what
 * the corpus must answer. Empty for a question that is one sentence, or all asking.
 */
function sceneOnlyWords(question: string): Set<string> {
  const sentences = askingAndScene(question);
  if (!sentences) return new Set();
  const words = (text: string) => text.split(/\s+/).map((word) => bareWord(word).toLowerCase());
  const asked = new Set(sentences.asking.flatMap(words));
  return new Set(sentences.scene.flatMap(words).filter((word) => !asked.has(word)));
}

/** The other names of a name in the vocabulary's groups ("PIPL": "Personal Information Protection Law", ...). */
function otherNames(name: string, groups: readonly (readonly string[])[]): string[] {
  const lower = name.toLowerCase();
  return groups
    .filter((group) => group.some((member) => member.toLowerCase() === lower))
    .flatMap((group) => group.filter((member) => member.toLowerCase() !== lower));
}

/** "USC" → /U\.\s?S\.\s?C\./: an abbreviation written with dots. */
function dottedForm(abbreviation: string): RegExp {
  return new RegExp(`\\b${[...abbreviation.toUpperCase()].map((letter) => `${letter}\\.\\s?`).join('')}`);
}

export function spellsOut(abbreviation: string, text: string): boolean {
  const letters = abbreviation.toUpperCase();
  const words = text.split(/[\s-]+/).filter((word) => !/^(of|the|and|for|on|in|de|des|du)$/i.test(word));
  // Each word gives its initial; a short abbreviation inside gives all its letters ("Court of Justice of the EU").
  // Written-out words may be lower case ("a data protection officer"); short words do not count then, so that a
  // run of small words does not spell an abbreviation by chance.
  const initials = words.map((word) => {
    const bare = word.replace(/[^\p{L}]/gu, '');
    if (/^\p{Lu}{2,4}$/u.test(bare)) return bare;
    if (/^\p{Ll}/u.test(bare) && (letters.length < 3 || bare.length < 4)) return '';
    return (bare[0] ?? '').toUpperCase();
  });
  for (let start = 0; start < initials.length; start++) {
    let spelled = '';
    for (let index = start; index < initials.length && spelled.length < letters.length; index++) {
      spelled += initials[index];
      if (!letters.startsWith(spelled)) break;
    }
    if (spelled === letters) return true;
  }
  return false;
}

/** Whether a sentence names something (a capitalised name, not at its start) that the question does not. */
function namesSomethingElse(sentence: string, asked: ReadonlySet<string>): boolean {
  const words = sentence.split(/\s+/).slice(1);
  return words.some((raw) => {
    const word = raw.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
    if (!/^\p{Lu}[\p{L}-]{2,}/u.test(word) || /^(Article|Articles|Section|Chapter|The|This|It|Under)$/.test(word))
      return false;
    return contentTerms(word).every((term) => !asked.has(term));
  });
}

function prepare(passage: Passage): PreparedPassage {
  const sentences = splitCitedSentences(passage.text).map((span): PreparedSentence => {
    const text = span.text.replace(/\s+/g, ' ');
    return { text, terms: new Set(contentTerms(text)), gap: gapClause(text) };
  });
  const factTerms = new Set(contentTerms(`${passage.title} ${passage.heading}`));
  for (const sentence of sentences) {
    if (sentence.text.endsWith('?') || sentence.gap !== undefined) continue;
    for (const term of sentence.terms) factTerms.add(term);
  }
  return {
    passage,
    terms: new Set(contentTerms(`${passage.title} ${passage.heading} ${passage.text}`)),
    sentences,
    factTerms,
  };
}

/** The named facets that say what the question is about (certificate names are the asked fact, not the subject). */
function subjectFacets(facets: QuestionFacets): NamedFacet[] {
  return facets.named.filter((facet) => !isCertificate(facet, facets.certificateTerms));
}

function isCertificate(facet: NamedFacet, certificateTerms: readonly string[]): boolean {
  return facet.terms.every((term) => certificateTerms.includes(term));
}

function subjectShare(subject: readonly NamedFacet[], terms: Set<string>): number {
  if (subject.length === 0) return 1;
  return subject.filter((facet) => facet.terms.every((term) => terms.has(term))).length / subject.length;
}

function latestAsOf(passages: readonly Passage[]): string {
  return passages.reduce((latest, passage) => (passage.asOf > latest ? passage.asOf : latest), '');
}

/** The named words of a question grouped into the names they form: adjacent words are one name. */
function namePhrases(named: readonly NamedFacet[]): NamedFacet[][] {
  const names: NamedFacet[][] = [];
  named.forEach((facet, index) => {
    if (index > 0 && facet.position === named[index - 1]!.position + 1) names.at(-1)!.push(facet);
    else names.push([facet]);
  });
  return names;
}

/** "Alibaba Cloud", "Hong Kong National Security Law": named words joined back into phrases. */
function phrase(facets: readonly NamedFacet[]): string {
  const names: string[][] = [];
  facets.forEach((facet, index) => {
    if (index > 0 && facet.position === facets[index - 1]!.position + 1) names.at(-1)!.push(facet.text);
    else names.push([facet.text]);
  });
  const joined = names.map((words) => words.join(' '));
  return joined.length <= 1 ? joined.join('') : `${joined.slice(0, -1).join(', ')} and ${joined.at(-1)}`;
}

function quoteList(items: readonly string[]): string {
  const quoted = items.slice(0, 4).map((item) => `"${item}"`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
}

function countedWords(question: string, stems: readonly string[]): string {
  for (const token of question.match(/[\p{L}-]+/gu) ?? []) {
    if (contentTerms(token).some((term) => stems.includes(term))) return token.toLowerCase();
  }
  return stems.join(' ');
}

/** Whether a number stands within a few words before the counted noun ("68 non-US affiliates", "two requests"). */
function countsThem(text: string, counted: readonly string[]): boolean {
  const tokens = tokenize(text);
  return tokens.some(
    (token, index) =>
      counted.includes(stem(token)) &&
      tokens.slice(Math.max(0, index - 4), index).some((before) => quantityPattern.test(before)),
  );
}

/** Years, article numbers and dates are not counts. */
function withoutReferences(text: string): string {
  return text
    .replace(/\b(?:art(?:icle)?s?\.?|sections?|§|chapter|case|no\.)\s*[\w./()-]+/gi, ' ')
    .replace(/\b(19|20)\d{2}\b/g, ' ')
    .replace(
      /\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December)\b/g,
      ' ',
    );
}
