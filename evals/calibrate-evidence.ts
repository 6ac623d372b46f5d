/**
 * `npx tsx evals/calibrate-evidence.ts [suite ...]`: calibrates the evidence thresholds (src/answer/evidence.ts) on
 * tuning data. For every question it retrieves as the engine does and records the evidence measures (coverage, best
 * passage coverage, field share); then a grid search picks the thresholds with the fewest status errors, and 5-fold
 * cross-validation (thresholds chosen on four folds, errors counted on the fifth) reports the false-refusal and
 * answered-when-unanswerable rates a new question can expect, with 95% Wilson intervals.
 * Default tuning data: the golden set's tuning half and the outside shipped-corpus set.
 */
import { createHash } from 'node:crypto';
import { testConfig } from '../src/config.js';
import { createAssistant } from '../src/create-assistant.js';
import { readCorpusStatistics } from '../src/answer/corpus-statistics.js';
import { assessEvidence, type EvidenceThresholds } from '../src/answer/evidence.js';
import { expandWithNames, loadFieldVocabulary } from '../src/answer/field-vocabulary.js';
import { readQuestion } from '../src/answer/instructions.js';
import { gatherEvidence } from '../src/answer/vendor-evidence.js';
import { loadVendorAliases } from '../src/retrieve/aliases.js';
import { isSuiteName, loadSuiteQuestions, suiteDefinition } from './suites/named-suites.js';

interface Measured {
  id: string;
  expected: string;
  coverage: number;
  bestCoverage: number;
  fieldShare: number;
  inField: boolean;
  /** The fact checks' verdict when the thresholds let the question through. */
  gap: boolean;
  check?: string;
  question: string;
}

const grid = {
  coverage: [0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7],
  bestCoverage: [0.2, 0.3, 0.35, 0.4, 0.45, 0.5],
  fieldShare: [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5],
  outsideFieldShare: [0.5, 0.6, 0.7, 0.8, 0.9],
};

function predict(item: Measured, thresholds: EvidenceThresholds): string {
  if (item.fieldShare < (item.inField ? thresholds.fieldShare : thresholds.outsideFieldShare)) return 'out_of_scope';
  if (item.coverage < thresholds.coverage || item.bestCoverage < thresholds.bestCoverage)
    return 'insufficient_evidence';
  return item.gap ? 'insufficient_evidence' : 'answered';
}

function errors(items: readonly Measured[], thresholds: EvidenceThresholds) {
  let falseRefusal = 0;
  let answeredUnanswerable = 0;
  let wrong = 0;
  for (const item of items) {
    const status = predict(item, thresholds);
    if (status !== item.expected) wrong++;
    if (item.expected === 'answered' && status !== 'answered') falseRefusal++;
    if (item.expected !== 'answered' && status === 'answered') answeredUnanswerable++;
  }
  return { wrong, falseRefusal, answeredUnanswerable };
}

function best(items: readonly Measured[]): EvidenceThresholds {
  let chosen: EvidenceThresholds = { coverage: 0.6, bestCoverage: 0.4, fieldShare: 0.35, outsideFieldShare: 0.7 };
  let lowest = Infinity;
  for (const coverage of grid.coverage)
    for (const bestCoverage of grid.bestCoverage)
      for (const fieldShare of grid.fieldShare)
        for (const outsideFieldShare of grid.outsideFieldShare) {
          const thresholds = { coverage, bestCoverage, fieldShare, outsideFieldShare };
          // Status errors, with a refused answerable question counted a little worse than the reverse.
          const result = errors(items, thresholds);
          const cost = result.wrong + 0.1 * result.falseRefusal;
          if (cost < lowest) {
            lowest = cost;
            chosen = thresholds;
          }
        }
  return chosen;
}

function wilson(successes: number, total: number): string {
  if (total === 0) return 'n/a';
  const z = 1.96;
  const p = successes / total;
  const centre = (p + (z * z) / (2 * total)) / (1 + (z * z) / total);
  const half = (z * Math.sqrt((p * (1 - p)) / total + (z * z) / (4 * total * total))) / (1 + (z * z) / total);
  return `${p.toFixed(3)} [${Math.max(0, centre - half).toFixed(3)}, ${Math.min(1, centre + half).toFixed(3)}] (${successes}/${total})`;
}

async function main() {
  const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['golden-tuning', 'outside-shipped'];
  const config = testConfig({
    DATA_DIR: process.env.DATA_DIR ?? '.data',
    CORPUS_DIR: process.env.CORPUS_DIR ?? 'corpus',
  });
  const assistant = await createAssistant(config);
  if (await assistant.needsReindex()) await assistant.reindex();
  const vocabulary = await loadFieldVocabulary(config.corpusDir);
  const aliases = await loadVendorAliases(config.corpusDir).catch(() => undefined);
  const statistics = await readCorpusStatistics({
    listDocuments: () => assistant.listDocuments(),
    getDocument: (id) => assistant.getDocument(id),
  });
  const open = { coverage: 0, bestCoverage: 0, fieldShare: 0, outsideFieldShare: 0 };
  const measured: Measured[] = [];
  for (const name of names) {
    if (!isSuiteName(name)) throw new Error(`unknown suite ${name}`);
    for (const question of await loadSuiteQuestions(suiteDefinition(name))) {
      const asked = readQuestion(question.question).asked || question.question;
      const evidence = await gatherEvidence(assistant, expandWithNames(vocabulary, asked), {
        k: 12,
        aliases,
        filters: {},
        facets: vocabulary.vendorSearches,
      });
      const verdict = assessEvidence(asked, evidence.general, { vocabulary, statistics, thresholds: open });
      // With every threshold open but the out-of-field share, only a question outside the vocabulary is refused.
      const inField = assessEvidence(asked, evidence.general, {
        vocabulary,
        statistics,
        thresholds: { ...open, outsideFieldShare: 2 },
      });
      measured.push({
        id: `${name}:${question.id}`,
        expected: question.expected_status,
        coverage: verdict.coverage,
        bestCoverage: verdict.bestCoverage,
        fieldShare: verdict.fieldShare,
        inField: inField.status !== 'out_of_scope',
        gap: verdict.status === 'insufficient_evidence',
        check: verdict.status === 'sufficient' ? undefined : verdict.check,
        question: question.question.slice(0, 100),
      });
    }
  }
  await assistant.close();

  const chosen = best(measured);
  const all = errors(measured, chosen);
  console.log(`tuning data: ${names.join(' + ')} (${measured.length} questions)`);
  console.log(`chosen on all: ${JSON.stringify(chosen)}; status errors ${all.wrong}`);

  const folds = 5;
  const fold = (id: string) => parseInt(createHash('sha256').update(id).digest('hex').slice(0, 8), 16) % folds;
  let falseRefusal = 0;
  let answerable = 0;
  let answeredUnanswerable = 0;
  let unanswerable = 0;
  for (let index = 0; index < folds; index++) {
    const train = measured.filter((item) => fold(item.id) !== index);
    const test = measured.filter((item) => fold(item.id) === index);
    const result = errors(test, best(train));
    falseRefusal += result.falseRefusal;
    answeredUnanswerable += result.answeredUnanswerable;
    answerable += test.filter((item) => item.expected === 'answered').length;
    unanswerable += test.filter((item) => item.expected !== 'answered').length;
  }
  console.log(`5-fold cross-validated, evidence step only (the model step can still abstain):`);
  console.log(`  false refusal               ${wilson(falseRefusal, answerable)}`);
  console.log(`  answered when it should not ${wilson(answeredUnanswerable, unanswerable)}`);
  if (process.env.CALIBRATE_VERBOSE) {
    for (const item of measured) {
      const status = predict(item, chosen);
      if (status !== item.expected)
        console.log(
          `  ${item.id} expected ${item.expected} got ${status} cov ${item.coverage.toFixed(2)} best ${item.bestCoverage.toFixed(2)} field ${item.fieldShare.toFixed(2)} inField ${item.inField} gap ${item.check ?? '-'} | ${item.question}`,
        );
    }
  }
}

await main();
