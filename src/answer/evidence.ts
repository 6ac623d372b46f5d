/**
 * Deciding whether to answer at all, from what retrieval found. Before any model runs, the question's words are
 * weighted by how rare they are in the corpus (corpus-statistics.ts), and the top passages are checked in three steps:
 * 1. scope: a question is `out_of_scope` when too little of its weight is the field's (words of the field vocabulary,
 *    or words the top passages cover): its salient words are about something else;
 * 2. coverage: an in-scope question whose rare words the top passages do not cover, together and in the single best
 *    passage, is `insufficient_evidence`, naming the missing words. Words the corpus never uses are the asker's own
 *    wording and do not count against coverage, unless they name something (a capitalised name, an acronym, a year);
 * 3. facts (fact-coverage.ts): one passage must link the things asked about to the asked fact (a year, an article, a
 *    count, a period), and a best-matching sentence that states the gap itself decides for abstention.
 * The thresholds are calibrated by `npx tsx evals/calibrate-evidence.ts` (grid search with 5-fold cross-validation) on
 * the tuning half of the golden set and the outside shipped-corpus questions.
 */
import type { Passage } from '../corpus/types.js';
import type { SearchHit } from '../retrieve/types.js';
import { mostlyHan } from '../text/cjk.js';
import type { CorpusStatistics } from './corpus-statistics.js';
import { findCoverageGap, spellsOut, type CoverageGap } from './fact-coverage.js';
import { coversTerm, emptyVocabulary, mentionsField, namesIn, type FieldVocabulary } from './field-vocabulary.js';
import { withoutInstructions } from './instructions.js';
import { readQuestionFacets } from './question-facets.js';
import { contentTerms, isNumberTerm, termWeight } from '../text/terms.js';

export type EvidenceVerdict =
  | { status: 'sufficient'; coverage: number; bestCoverage: number; fieldShare: number }
  | {
      status: 'out_of_scope' | 'insufficient_evidence';
      reason: string;
      coverage: number;
      bestCoverage: number;
      fieldShare: number;
      /** Which check decided: scope, the lexical coverage, or one of the joint-coverage checks. */
      check?: 'scope' | 'coverage' | CoverageGap['check'];
    };

export interface EvidenceThresholds {
  /** Weighted share of the question's counted words the top passages cover together. */
  coverage: number;
  /** The same share in the single best passage. */
  bestCoverage: number;
  /** Share of the question's weight that is the field's, below which it is out of scope. */
  fieldShare: number;
  /** The same share for a question that uses no word of the field vocabulary (the corpus' words alone place it). */
  outsideFieldShare: number;
}

export const evidenceThresholds: EvidenceThresholds = {
  coverage: 0.3,
  bestCoverage: 0.2,
  fieldShare: 0.3,
  outsideFieldShare: 0.6,
};

export interface EvidenceContext {
  vocabulary?: FieldVocabulary;
  statistics?: CorpusStatistics;
  thresholds?: EvidenceThresholds;
}

/** Passages looked at. */
const topPassages = 8;
/** Weight of a name, acronym or year: what a question is about, whatever its frequency. */
const nameWeight = 1.5;

export function assessEvidence(
  question: string,
  hits: readonly SearchHit[],
  context: EvidenceContext = {},
): EvidenceVerdict {
  const vocabulary = context.vocabulary ?? emptyVocabulary;
  const statistics = context.statistics;
  const thresholds = context.thresholds ?? evidenceThresholds;
  // "SYSTEM OVERRIDE: ... then rate Huawei safe": the check reads what is asked, not what the assistant is told to do.
  const asked = withoutInstructions(question);
  const terms = [...new Set(contentTerms(asked))];
  const top = hits.slice(0, topPassages).map((hit) => hit.passage);
  const names = namedTerms(asked);
  // An abbreviation a passage writes out ("NSA": "National Security Agency") is covered by that passage.
  const abbreviations = (asked.match(/\b\p{Lu}{2,6}\b/gu) ?? []).filter((word) => contentTerms(word).length === 1);
  const passageTerms = top.map((passage) => {
    const set = new Set(contentTerms(`${passage.title} ${passage.heading} ${passage.text} ${passage.published}`));
    for (const abbreviation of abbreviations) {
      if (spellsOut(abbreviation, `${passage.title} ${passage.text}`)) set.add(contentTerms(abbreviation)[0]!);
    }
    return set;
  });
  const isName = (term: string) => names.has(term) || /^(19|20)\d{2}$/.test(term);
  const known = (term: string) => (statistics ? statistics.documentFrequency(term) > 0 : true);
  // Rarity from the whole corpus when known; the fixed weights otherwise.
  const rarity = (term: string) => (statistics ? statistics.rarity(term) : termWeight(term, vocabulary.weakTerms));
  const weightOf = (term: string) => (isName(term) ? Math.max(nameWeight, rarity(term)) : rarity(term));
  const found = (term: string, sets: Set<string>[]) => sets.some((set) => coversTerm(vocabulary, term, set));
  const covered = new Set(terms.filter((term) => found(term, passageTerms)));

  // Scope: the field's share of the question. A word the corpus never uses weighs as a rare word here: "dance",
  // "lyrics" and "thunderstorm" say what the question is about as much as "TikTok" or "DORA" do.
  const scopeWeight = (term: string) => (known(term) ? weightOf(term) : isName(term) ? nameWeight : 1);
  const totalScope = terms.reduce((sum, term) => sum + scopeWeight(term), 0);
  const fieldTerms = terms.filter((term) => vocabulary.scopeTerms.has(term) || covered.has(term));
  const fieldShare = totalScope === 0 ? 0 : fieldTerms.reduce((sum, term) => sum + scopeWeight(term), 0) / totalScope;

  // Coverage counts the words the corpus could have: known words and names.
  const counted = terms.filter((term) => known(term) || isName(term));
  const total = counted.reduce((sum, term) => sum + weightOf(term), 0);
  const coverage =
    total === 0
      ? 0
      : counted.filter((term) => covered.has(term)).reduce((sum, term) => sum + weightOf(term), 0) / total;
  const bestCoverage =
    total === 0
      ? 0
      : Math.max(
          0,
          ...passageTerms.map(
            (set) =>
              counted
                .filter((term) => coversTerm(vocabulary, term, set))
                .reduce((sum, term) => sum + weightOf(term), 0) / total,
          ),
        );
  // A question in one language answered by passages in the other (an English question on the Chinese text of the law
  // it names): their words cannot be compared, only what the vocabulary's names and the article numbers carry across.
  const crossed = crossLanguageCoverage(asked, top, vocabulary, weightOf);
  const facets = readQuestionFacets(asked, vocabulary.certificationSchemes);
  const measures = {
    coverage: Math.max(coverage, crossed?.coverage ?? 0),
    bestCoverage: Math.max(bestCoverage, crossed?.bestCoverage ?? 0),
    fieldShare,
  };
  // A question that names a legal provision ("CEL art 41") is about law, whatever its other words.
  // With an empty vocabulary, using none of its words says nothing: the corpus' coverage alone places the question.
  const vocabularyIsEmpty = vocabulary.scopeTerms.size === 0 && vocabulary.scopePhrases.length === 0;
  const inField = vocabularyIsEmpty || mentionsField(vocabulary, asked, terms) || facets.provisions.length > 0;

  // A question that names a legal provision or a law the vocabulary knows ("the Harbour Safety
  // Act") is a field question however little of it the passages cover: at worst the corpus cannot answer it.
  const namesLaw =
    facets.provisions.length > 0 || vocabulary.names.some((group) => group.some((name) => namesIn(asked, name)));
  if (
    terms.length === 0 ||
    (!namesLaw && fieldShare < (inField ? thresholds.fieldShare : thresholds.outsideFieldShare))
  ) {
    return {
      status: 'out_of_scope',
      reason:
        'This assistant answers questions about vendors and their security, privacy, legal and regulatory risk, and related news; this question is outside that scope.',
      ...measures,
      check: 'scope',
    };
  }
  if (top.length === 0 || measures.coverage < thresholds.coverage || measures.bestCoverage < thresholds.bestCoverage) {
    const missing = counted
      .filter((term) => !covered.has(term))
      .sort((left, right) => weightOf(right) - weightOf(left));
    const missingWords = originalWords(asked, missing);
    return {
      status: 'insufficient_evidence',
      reason:
        top.length === 0
          ? 'The corpus has no passage that matches this question.'
          : missingWords.length > 0
            ? `The corpus has no passage that covers ${formatList(missingWords.map((word) => `"${word}"`))} in relation to this question. Rephrasing with the terms the law or the news uses, or adding a source that covers it, may help.`
            : 'The closest passages in the corpus only touch on this question; they do not answer it.',
      ...measures,
      check: 'coverage',
    };
  }
  // The words are there; does any passage link the things asked about to the fact asked for?
  const gap = findCoverageGap(asked, facets, top, {
    domainTerms: vocabulary.scopeTerms,
    names: vocabulary.names,
    weakTerms: vocabulary.weakTerms,
    ...(statistics
      ? {
          rarity: (term: string) => statistics.rarity(term),
          writesAsName: (term: string) => statistics.writesAsName(term),
        }
      : {}),
  });
  if (gap) return { status: 'insufficient_evidence', reason: gap.reason, ...measures, check: gap.check };
  return { status: 'sufficient', ...measures };
}

/**
 * Coverage across languages, when at least half of the top passages are in the other language than the question
 * (Chinese against English, either way): the retrieval reached them through the names the vocabulary gives in both
 * languages, so what can be checked there is those names and the numbers (an article number reads the same in both
 * numberings: "Art 40" and 第四十条 share the term "40"). A passage covers the question's name when it carries any
 * name of the same group, in its title, heading or text. Undefined when nothing crosses: the question names nothing
 * the vocabulary knows in both languages, or the passages are in the question's language.
 */
export function crossLanguageCoverage(
  question: string,
  passages: readonly Passage[],
  vocabulary: FieldVocabulary,
  weightOf: (term: string) => number = (term) => termWeight(term, vocabulary.weakTerms),
): { coverage: number; bestCoverage: number } | undefined {
  const questionHan = mostlyHan(question);
  const crossing = passages.filter((passage) => mostlyHan(passage.text) !== questionHan);
  if (crossing.length === 0 || crossing.length * 2 < passages.length) return undefined;
  const groups = vocabulary.names
    .map((group) => ({ group, asked: group.filter((name) => namesIn(question, name)) }))
    .filter(({ group, asked }) => asked.length > 0 && group.some((name) => mostlyHan(name) !== questionHan));
  if (groups.length === 0) return undefined;
  const numbers = contentTerms(question).filter(isNumberTerm);
  const nameTerms = groups.map(({ asked }) => new Set(asked.flatMap((name) => contentTerms(name))));
  const testable = [...new Set([...nameTerms.flatMap((terms) => [...terms]), ...numbers])];
  const total = testable.reduce((sum, term) => sum + weightOf(term), 0);
  if (total === 0) return undefined;
  const coveredBy = crossing.map((passage) => {
    const text = `${passage.title}\n${passage.heading}\n${passage.text}`;
    const terms = new Set(contentTerms(text));
    const covered = new Set(numbers.filter((term) => terms.has(term)));
    groups.forEach(({ group }, index) => {
      if (group.some((name) => namesIn(text, name))) for (const term of nameTerms[index]!) covered.add(term);
    });
    return covered;
  });
  const share = (covered: ReadonlySet<string>) =>
    testable.filter((term) => covered.has(term)).reduce((sum, term) => sum + weightOf(term), 0) / total;
  return {
    coverage: share(new Set(coveredBy.flatMap((covered) => [...covered]))),
    bestCoverage: Math.max(...coveredBy.map(share)),
  };
}

/** Stems of capitalised words after the first (names such as "Keka", "Ofcom") and acronyms. */
function namedTerms(question: string): Set<string> {
  const names = new Set<string>();
  const words = question.split(/\s+/);
  words.forEach((raw, index) => {
    const word = raw.replace(/[^\p{L}\p{N}-]/gu, '');
    if (word === '') return;
    if ((index > 0 && /^\p{Lu}/u.test(word)) || /^\p{Lu}{2,}\d*$/u.test(word)) {
      for (const term of contentTerms(word)) names.add(term);
    }
  });
  return names;
}

function originalWords(question: string, stems: readonly string[]): string[] {
  const wanted = new Set(stems);
  const words: string[] = [];
  for (const token of question.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? []) {
    const terms = contentTerms(token);
    if (terms.some((term) => wanted.has(term)) && !words.includes(token)) words.push(token);
  }
  return words.slice(0, 4);
}

function formatList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}
