/**
 * Answers on the golden set, end to end through `Assistant.ask`: status, refusals, citation validity, ALCE citation
 * recall and precision under each configured support judge, key-fact coverage and adversarial robustness. The task
 * does the checking that needs the index (cited passages) or a judge, so scorers are plain reads of its output and
 * the report can show exactly what failed.
 */
import type { AnswerRecord } from '../../src/answer/record.js';
import type { Assistant } from '../../src/assistant.js';
import type { Passage } from '../../src/corpus/types.js';
import type { Eval, Scorer } from '../core/eval.js';
import { toSearchFilters, type GoldenQuestion } from '../datasets/golden.js';
import type { SupportJudge } from '../judges/support-judge.js';
import {
  isRefusal,
  keyFactCoverage,
  patternCoverage,
  strictFactShare,
  type KeyFactCoverage,
  type PatternCoverage,
} from '../metrics/answer-checks.js';
import {
  citationQuality,
  spanContainment,
  type CitationQuality,
  type SpanContainment,
  type Statement,
} from '../metrics/citation-quality.js';
import { checkCitations, type CitationValidity } from '../metrics/citation-validity.js';
import { recallAtK, toLabelledUnits } from '../metrics/retrieval.js';

export interface AnswerOutput {
  record: AnswerRecord;
  validity: CitationValidity;
  /** ALCE results per judge name; a judge that failed on this answer has an `error` instead. */
  quality: Record<string, CitationQuality | { error: string }>;
  keyFacts: KeyFactCoverage;
  /** Whether each claim's own cited spans, and the citations' shared quotes, contain what it says. */
  spans: { perSentence: SpanContainment; shared: SpanContainment };
  /** The `must_contain` patterns the answer matches. */
  patterns: PatternCoverage;
  /** Whether a citation points at one of the expected passages; null when none are listed or none expected. */
  expectedPassageCited: boolean | null;
  /** Share of gold passages among the passages shown to the model. */
  evidenceRecall: number | null;
  /** Passage texts of the citations, for the report. */
  citedPassages: Record<string, { heading: string; text: string }>;
}

export interface AnswerEvalOptions {
  assistant: Assistant;
  questions: readonly GoldenQuestion[];
  /** The first judge is the primary one (metric names without suffix); others get `_<suffix>`. */
  judges: { judge: SupportJudge; suffix?: string; questionIds?: ReadonlySet<string> }[];
}

export function goldenAnswerEval(options: AnswerEvalOptions): Eval<GoldenQuestion, AnswerOutput, GoldenQuestion> {
  return {
    name: 'answers',
    data: () =>
      options.questions.map((question) => ({
        id: question.id,
        category: question.category,
        input: question,
        expected: question,
      })),
    task: (question) => answerAndCheck(options, question),
    scorers: answerScorers(options.judges.map((entry) => ({ name: entry.judge.name, suffix: entry.suffix }))),
  };
}

async function answerAndCheck(options: AnswerEvalOptions, question: GoldenQuestion): Promise<AnswerOutput> {
  const record = await options.assistant.ask(question.question, {
    filters: toSearchFilters(question.filters),
    surface: 'eval',
  });
  const passages = new Map<string, Passage>();
  for (const citation of record.citations) {
    if (passages.has(citation.passageId)) continue;
    const passage = await options.assistant.getPassage(citation.passageId);
    if (passage) passages.set(citation.passageId, passage);
  }
  const validity = checkCitations({
    answer: record.answer,
    citations: record.citations,
    passages,
    shownPassageIds: record.retrievedPassageIds.length > 0 ? record.retrievedPassageIds : undefined,
  });
  const statements = toStatements(record, passages);
  const quality: AnswerOutput['quality'] = {};
  for (const { judge, questionIds } of options.judges) {
    if (questionIds && !questionIds.has(question.id)) continue;
    try {
      quality[judge.name] = await citationQuality(statements, judge);
    } catch (error) {
      quality[judge.name] = { error: error instanceof Error ? error.message : String(error) };
    }
  }
  const gold = new Set(question.expected_passages);
  return {
    record,
    validity,
    quality,
    keyFacts:
      question.expected_status === 'answered'
        ? keyFactCoverage(record.answer, question.key_facts)
        : { coverage: null, found: [], missing: [] },
    spans: {
      perSentence: spanContainment(record, { perSentence: true }),
      shared: spanContainment(record, { perSentence: false }),
    },
    patterns:
      question.expected_status === 'answered'
        ? patternCoverage(record.answer, question.must_contain)
        : { share: null, missing: [] },
    expectedPassageCited:
      question.expected_status === 'answered' && gold.size > 0
        ? record.citations.some((citation) => gold.has(citation.passageId))
        : null,
    evidenceRecall: recallAtK(toLabelledUnits(record.retrievedPassageIds, gold), gold, Infinity),
    citedPassages: Object.fromEntries(
      [...passages].map(([id, passage]) => [id, { heading: passage.heading, text: passage.text }]),
    ),
  };
}

/** The answer's claim sentences with their markers resolved to passages (gap sentences make no claim). */
/**
 * The answer's claims with what each citation shows the reader: the span quoted for that sentence (or the citation's
 * quote), framed by the passage's title and heading. Judging the span, not the whole passage the engine scored, is
 * what lets the judge disagree with the engine: a claim whose marker points at the right passage but the wrong span
 * is not supported.
 */
export function toStatements(record: AnswerRecord, passages: ReadonlyMap<string, Passage>): Statement[] {
  const byNumber = new Map(record.citations.map((citation) => [citation.n, citation]));
  return record.sentences
    .filter((sentence) => sentence.kind !== 'gap')
    .map((sentence) => ({
      text: sentence.text,
      citations: sentence.citations.map((n) => {
        const citation = byNumber.get(n);
        const passage = passages.get(citation?.passageId ?? '');
        const span = sentence.quotes?.find((quote) => quote.n === n)?.quote ?? citation?.quote;
        return {
          n,
          passage: passage && {
            id: passage.id,
            text: span ?? passage.text,
            heading: passage.heading,
            title: passage.title,
            published: passage.published,
          },
        };
      }),
    }));
}

function qualityOf(output: AnswerOutput, judge: string): CitationQuality | undefined {
  const quality = output.quality[judge];
  return quality && !('error' in quality) ? quality : undefined;
}

export function answerScorers(
  judges: { name: string; suffix?: string }[],
): Scorer<GoldenQuestion, AnswerOutput, GoldenQuestion>[] {
  const scorers: Scorer<GoldenQuestion, AnswerOutput, GoldenQuestion>[] = [
    {
      name: 'status_accuracy',
      description: 'Whether the status (answered, insufficient_evidence, out_of_scope) is the expected one.',
      score: ({ output, expected }) =>
        output.record.status === expected.expected_status
          ? 1
          : { score: 0, details: `expected ${expected.expected_status}, got ${output.record.status}` },
    },
    {
      name: 'correct_refusal',
      description: 'For questions the corpus cannot or should not answer: whether the assistant abstained.',
      score: ({ output, expected }) =>
        isRefusal(expected.expected_status) ? (isRefusal(output.record.status) ? 1 : 0) : null,
    },
    {
      name: 'false_refusal',
      description: 'For answerable questions: whether the assistant abstained anyway (lower is better).',
      score: ({ output, expected }) =>
        expected.expected_status === 'answered' ? (isRefusal(output.record.status) ? 1 : 0) : null,
    },
    {
      name: 'error_rate',
      description: 'Whether the answer ended in status error (lower is better).',
      score: ({ output }) => (output.record.status === 'error' ? 1 : 0),
    },
    {
      name: 'citation_validity',
      description: 'Every marker resolves and every quote is verbatim at its span; for answers that cite anything.',
      score: ({ output }) =>
        output.validity.markers.length === 0 && output.record.citations.length === 0
          ? null
          : { score: output.validity.valid ? 1 : 0, details: output.validity.problems.join('; ') || undefined },
    },
    {
      name: 'key_fact_coverage',
      description: 'Share of the gold key facts the answer states, for questions expected to be answered.',
      score: ({ output }) =>
        output.keyFacts.coverage === null
          ? null
          : {
              score: output.keyFacts.coverage,
              details: output.keyFacts.missing.length ? `missing: ${output.keyFacts.missing.join(' | ')}` : undefined,
            },
    },
    {
      name: 'citation_span_support',
      description:
        'Share of cited claim sentences whose own quoted spans contain what they say (80% of content words, every number).',
      score: ({ output }) =>
        output.spans.perSentence.share === null
          ? null
          : {
              score: output.spans.perSentence.share,
              details: output.spans.perSentence.failing.length
                ? `not in the span: ${output.spans.perSentence.failing.map((text) => `"${text}"`).join(' ')}`
                : undefined,
            },
    },
    {
      name: 'citation_quote_support',
      description:
        "The same check against each citation's one shared quote (what a surface shows when it lists one quote per source).",
      score: ({ output }) => output.spans.shared.share,
    },
    {
      name: 'must_contain_share',
      description: 'Share of the `must_contain` patterns the answer matches, for questions expected to be answered.',
      score: ({ output }) =>
        output.patterns.share === null
          ? null
          : {
              score: output.patterns.share,
              details: output.patterns.missing.length ? `missing: ${output.patterns.missing.join(' | ')}` : undefined,
            },
    },
    {
      name: 'expected_passage_cited',
      description: 'For answerable questions with expected passages: whether the answer cites at least one of them.',
      score: ({ output }) => (output.expectedPassageCited === null ? null : output.expectedPassageCited ? 1 : 0),
    },
    {
      name: 'strict_pass',
      description:
        'The expected status; for answerable questions also an expected passage cited and at least two thirds of the must_contain patterns (or key facts) in the answer.',
      score: ({ output, expected }) => strictPass(output, expected),
    },
    {
      name: 'answered_when_unanswerable',
      description:
        'For questions the corpus cannot answer (insufficient_evidence expected): answered anyway (lower is better).',
      score: ({ output, expected }) =>
        expected.expected_status === 'insufficient_evidence' ? (output.record.status === 'answered' ? 1 : 0) : null,
    },
    {
      name: 'out_of_scope_recall',
      description: 'For questions outside the field: whether the status is out_of_scope (not insufficient_evidence).',
      score: ({ output, expected }) =>
        expected.expected_status === 'out_of_scope' ? (output.record.status === 'out_of_scope' ? 1 : 0) : null,
    },
    {
      name: 'insufficient_evidence_recall',
      description: 'For field questions the corpus cannot answer: whether the status is insufficient_evidence.',
      score: ({ output, expected }) =>
        expected.expected_status === 'insufficient_evidence'
          ? output.record.status === 'insufficient_evidence'
            ? 1
            : 0
          : null,
    },
    {
      name: 'evidence_recall',
      description: 'Share of gold passages among the passages shown to the model (retrieval as the answer saw it).',
      score: ({ output }) => output.evidenceRecall,
    },
    {
      name: 'adversarial_pass',
      description:
        'For adversarial questions: the expected status, valid citations, and no uncited or unsupported claim sentence.',
      score: ({ output, expected }) => {
        if (expected.category !== 'adversarial') return null;
        const problems: string[] = [];
        if (output.record.status !== expected.expected_status) {
          problems.push(`status ${output.record.status}, expected ${expected.expected_status}`);
        }
        if (!output.validity.valid) problems.push('invalid citations');
        const claims = output.record.sentences.filter((sentence) => sentence.kind !== 'gap');
        const uncited = claims.filter((sentence) => sentence.citations.length === 0).length;
        if (uncited > 0) problems.push(`${uncited} uncited claim(s)`);
        const primary = judges[0] && qualityOf(output, judges[0].name);
        const unsupported = primary?.statements.filter(
          (statement) => !statement.supported && statement.citations.length > 0,
        );
        if (unsupported?.length) problems.push(`${unsupported.length} unsupported claim(s)`);
        return { score: problems.length === 0 ? 1 : 0, details: problems.join('; ') || undefined };
      },
    },
  ];
  for (const judge of judges) {
    const suffix = judge.suffix ? `_${judge.suffix}` : '';
    scorers.push(
      {
        name: `citation_recall${suffix}`,
        description: `ALCE citation recall judged by ${judge.name}: share of claim sentences their citations support.`,
        score: ({ output }) => {
          const quality = qualityOf(output, judge.name);
          if (!quality) return null;
          const unsupported = quality.statements.filter((statement) => !statement.supported);
          return {
            score: quality.recall,
            details: unsupported.length
              ? `unsupported: ${unsupported.map((item) => `"${item.text}"`).join(' ')}`
              : undefined,
          };
        },
      },
      {
        name: `citation_precision${suffix}`,
        description: `ALCE citation precision judged by ${judge.name}: share of citations that support their sentence.`,
        score: ({ output }) => qualityOf(output, judge.name)?.precision ?? null,
      },
    );
  }
  return scorers;
}

function strictPass(output: AnswerOutput, expected: GoldenQuestion): { score: number; details?: string } {
  const problems: string[] = [];
  if (output.record.status !== expected.expected_status) {
    problems.push(`status ${output.record.status}, expected ${expected.expected_status}`);
  } else if (expected.expected_status === 'answered') {
    if (output.expectedPassageCited === false) problems.push('no expected passage cited');
    const share = output.patterns.share ?? output.keyFacts.coverage;
    if (share !== null && share < strictFactShare - 1e-9) problems.push(`facts ${share.toFixed(2)} < 0.67`);
  }
  return { score: problems.length === 0 ? 1 : 0, details: problems.join('; ') || undefined };
}
