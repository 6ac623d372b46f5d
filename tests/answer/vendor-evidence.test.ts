/**
 * Vendor questions over the shipped corpus: besides the general search, the engine shows the model the vendor's own
 * evidence (its profile and the news tagged with it) and the primary-law passages those cite, bounded and without
 * duplicates; and the local model composes from them an answer that leads with the vendor's legal exposure, names
 * the articles, dates the events, gives the denial and the limits, and cites every sentence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatherEvidence, vendorEvidenceSettings } from '../../src/answer/vendor-evidence.js';
import type { AnswerRecord } from '../../src/answer/record.js';
import { loadVendorAliases, type VendorAliases } from '../../src/retrieve/aliases.js';
import { shippedVocabulary } from '../helpers/shipped-vocabulary.js';
import { createTestAssistant, shippedCorpus, type TestAssistant } from '../helpers/test-assistant.js';

let shipped: TestAssistant;
const facets = shippedVocabulary.vendorSearches;
let aliases: VendorAliases;
beforeAll(async () => {
  shipped = await createTestAssistant({ corpusDir: shippedCorpus });
  aliases = await loadVendorAliases(shippedCorpus);
}, 180_000);
afterAll(async () => {
  await shipped?.cleanup();
});

const alibabaQuestion = 'Is Alibaba Cloud a security risk to Western companies?';

function citedIds(record: AnswerRecord): string[] {
  return record.citations.map((citation) => citation.passageId);
}

/** The answer line that cites a passage, by passage id. */
function linesCiting(record: AnswerRecord, passageId: string): string[] {
  const n = record.citations.find((citation) => citation.passageId === passageId)?.n;
  return n === undefined ? [] : record.answer.split('\n').filter((line) => line.includes(`[${n}]`));
}

function expectWellFormed(record: AnswerRecord): void {
  expect(record.status).toBe('answered');
  expect(record.unsupportedSentences).toBe(0);
  for (const sentence of record.sentences) {
    expect(sentence.citations.length).toBeGreaterThan(0);
    // A sentence that opens with a demonstrative needs a neighbour it does not have in an answer.
    expect(sentence.text).not.toMatch(/^(This|These|That|Those)\b/);
  }
}

describe('the evidence shown for a vendor question', () => {
  it('adds the vendor profile, the tagged news and the primary law they cite, bounded and without duplicates', async () => {
    const evidence = await gatherEvidence(shipped.assistant, alibabaQuestion, { k: 12, filters: {}, aliases, facets });
    const ids = evidence.shown.map((hit) => hit.passage.id);
    expect(evidence.vendorIds).toEqual(['alibaba-cloud']);
    expect(ids.length).toBeLessThanOrEqual(vendorEvidenceSettings.maxPassages);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining([
        'vendor-alibaba-cloud#laws',
        'news-2025-11-ft-alibaba-pla-memo#event',
        'nil-2017#art-7',
        'dsl-2021#art-36',
      ]),
    );
    // The general search comes first and is what the evidence check reads.
    expect(ids.slice(0, vendorEvidenceSettings.leadingGeneral)).toEqual(
      evidence.general.slice(0, vendorEvidenceSettings.leadingGeneral).map((hit) => hit.passage.id),
    );
  });

  it('is one planned search of the retriever', async () => {
    let searches = 0;
    const counting = {
      search: (...args: Parameters<typeof shipped.assistant.search>) => (searches++, shipped.assistant.search(...args)),
      getPassage: (id: string) => shipped.assistant.getPassage(id),
    };
    await gatherEvidence(counting, alibabaQuestion, { k: 12, filters: {}, aliases, facets });
    expect(searches).toBe(1);
  });

  it('leaves a question that names no vendor to the general search', async () => {
    const question = 'what does DSL art 36 actually say?';
    const evidence = await gatherEvidence(shipped.assistant, question, { k: 12, filters: {}, aliases, facets });
    const general = await shipped.assistant.search(question, { k: 12 });
    expect(evidence.vendorIds).toEqual([]);
    expect(evidence.shown.map((hit) => hit.passage.id)).toEqual(general.hits.map((hit) => hit.passage.id));
  });
});

describe('a vendor given as context (a questionnaire row about a vendor)', () => {
  const question = 'Which laws require the vendor to cooperate with State intelligence work?';
  const profilesCited = (record: AnswerRecord) =>
    [...new Set(record.citations.map((citation) => citation.documentId))].filter((id) => id.startsWith('vendor-'));

  it("lets the answer cite that vendor's profile and no other vendor's", async () => {
    const evidence = await gatherEvidence(shipped.assistant, question, {
      k: 12,
      filters: {},
      aliases,
      facets,
      vendorContext: 'alibaba',
    });
    expect(evidence.vendorIds).toEqual(['alibaba-cloud']);
    expect(evidence.contextVendors).toEqual(['Alibaba Cloud']);
    const record = await shipped.assistant.ask(question, { vendorContext: 'alibaba' });
    expect(record.status).toBe('answered');
    expect(profilesCited(record)).toEqual(['vendor-alibaba-cloud']);
    const other = await shipped.assistant.ask(question, { vendorContext: 'TikTok' });
    expect(other.status).toBe('answered');
    expect(profilesCited(other)).toEqual(['vendor-bytedance-tiktok']);
  });
});

describe('answers to vendor-risk questions with the local model', () => {
  it('answers the Alibaba Cloud question from the exposure down: law, dated events, denial, limits, questions', async () => {
    const record = await shipped.assistant.ask(alibabaQuestion);
    expectWellFormed(record);
    const ids = citedIds(record);
    const lead = record.answer.split('\n')[0]!;
    expect(lead).toMatch(/^As a group headquartered in the PRC, Alibaba Cloud is subject to Chinese laws/);
    expect(ids.some((id) => id === 'nil-2017#art-7' || id === 'vendor-alibaba-cloud#laws')).toBe(true);
    // The law's own text, naming its article.
    expect(linesCiting(record, 'nil-2017#art-7').join('\n')).toMatch(/National Intelligence Law, Article 7: /);
    // The FT allegation cited to the FT item, with its date; Alibaba's denial on its own line.
    const allegation = linesCiting(record, 'news-2025-11-ft-alibaba-pla-memo#event');
    expect(allegation.join('\n')).toMatch(/14 November 2025.*alleged/);
    expect(record.answer).toMatch(/\n- [^\n]*denied[^\n]*"complete nonsense"/);
    expect(record.answer).toMatch(/Reuters reported on 18 January 2022/);
    // DSL Art. 36 / PIPL Art. 41 as limits, and a question to put to the vendor.
    expect(record.answer).toMatch(
      /\*\*Counterpoints and limits\*\*\n(- [^\n]*\n)*- [^\n]*(Data Security Law|DSL) Art\. 36/,
    );
    expect(record.answer).toMatch(/\*\*Questions to ask the vendor\*\*\n- [^\n]+\?/);
    // No invented date prefix ("November 2025: This matches ...").
    expect(record.answer).not.toMatch(/^- [A-Z][a-z]+ \d{4}: /m);
    expect(record.answer).not.toMatch(/This matches/);
  });

  it('answers a TikTok question with the PRC exposure and the DPC fine, dated', async () => {
    const record = await shipped.assistant.ask('Is TikTok a security risk to European companies?');
    expectWellFormed(record);
    expect(record.answer.split('\n')[0]).toMatch(
      /ByteDance's Chinese entities are subject to the PRC cooperation duties/,
    );
    expect(citedIds(record)).toContain('vendor-bytedance-tiktok#laws');
    expect(record.answer).toMatch(/Data Protection Commission announced on 15 September 2023 that it had fined TikTok/);
  });

  it('answers an AWS question with the CLOUD Act, citing the statute itself', async () => {
    const record = await shipped.assistant.ask('Is AWS a security risk for European companies under the CLOUD Act?');
    expectWellFormed(record);
    expect(record.answer.split('\n')[0]).toMatch(/AWS is subject to the CLOUD Act/);
    expect(citedIds(record)).toEqual(expect.arrayContaining(['vendor-aws#laws', 'cloud-act-2018#sec-2713']));
    // The statute's own text, labelled with the law and its section.
    expect(linesCiting(record, 'cloud-act-2018#sec-2713').join('\n')).toMatch(/CLOUD Act(, 18 U\.S\.C\. 2713)?: /);
  });
});
