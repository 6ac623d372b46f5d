/**
 * A vendor question's evidence is one planned search: the lists over the vendor's passages are decided from the
 * question before anything runs, each list is fetched from the index once, and each cited provision is one unit
 * however many names it is cited under. Counted on the shipped corpus through a backend that counts what it is asked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shippedVocabulary } from '../helpers/shipped-vocabulary.js';
import { testConfig } from '../../src/config.js';
import { openCorpusIndex, type CorpusIndex } from '../../src/index/corpus-index.js';
import { createEmbeddingModel } from '../../src/index/embedding/index.js';
import type { SearchBackend } from '../../src/index/search-backend.js';
import { createRetriever } from '../../src/retrieve/searchable-index.js';
import type { Retriever } from '../../src/retrieve/types.js';
import { vendorEvidenceSettings } from '../../src/retrieve/vendor-lists.js';
import { createTestAssistant, shippedCorpus, type TestAssistant } from '../helpers/test-assistant.js';

interface Asked {
  fulltext: string[];
  vector: number;
  passages: string[][];
}

let shipped: TestAssistant;
let index: CorpusIndex;
let retriever: Retriever;
let asked: Asked;

beforeAll(async () => {
  shipped = await createTestAssistant({ corpusDir: shippedCorpus });
  const config = testConfig(shipped.settings);
  const embeddingModel = createEmbeddingModel(config);
  index = await openCorpusIndex({ config, embeddingModel });
  const counted = new WeakMap<SearchBackend, SearchBackend>();
  const counting: Pick<CorpusIndex, 'searchBackend' | 'getPassage'> = {
    getPassage: (id) => index.getPassage(id),
    async searchBackend() {
      const active = await index.searchBackend();
      const inner = active.backend;
      let backend = counted.get(inner);
      if (!backend) {
        backend = {
          fulltext: (query, filters, limit) => {
            asked.fulltext.push(JSON.stringify([query, filters]));
            return inner.fulltext(query, filters, limit);
          },
          vector: (vector, filters, limit) => {
            asked.vector += 1;
            return inner.vector(vector, filters, limit);
          },
          passages: (ids) => {
            asked.passages.push(ids);
            return inner.passages(ids);
          },
          documents: inner.documents,
          passageIds: inner.passageIds,
        };
        counted.set(inner, backend);
      }
      return { ...active, backend };
    },
  };
  retriever = createRetriever(counting, { embeddingModel, corpusDir: shippedCorpus });
}, 180_000);
afterAll(async () => {
  await index?.close();
  await shipped?.cleanup();
});

const vendorFacets = shippedVocabulary.vendorSearches;

const search = async (question: string, vendorContext?: string) => {
  asked = { fulltext: [], vector: 0, passages: [] };
  const result = await retriever.search(question, {
    k: 12,
    evidence: { facets: vendorFacets, ...(vendorContext ? { vendorContext } : {}) },
  });
  return { result, asked };
};

describe('the planned search for a vendor question', () => {
  it('asks the index for each list once: the general lists, then the question and each facet over the vendor', async () => {
    const { result, asked } = await search('Is Alibaba Cloud a security risk to Western companies?');
    expect(result.evidence?.vendorIds).toEqual(['alibaba-cloud']);
    // The general full-text list, and one list per facet and for the question over the vendor's passages: the
    // vendor list of the general search is the question's own list over the vendor, fetched once.
    expect(asked.fulltext).toHaveLength(1 + 1 + vendorFacets.length);
    expect(new Set(asked.fulltext).size).toBe(asked.fulltext.length);
    // The general vector list and one per vendor list.
    expect(asked.vector).toBe(1 + 1 + vendorFacets.length);
    // Passages are fetched by id a few times (profile units, the hits fusion added, the cited law), each id once.
    const fetched = asked.passages.flat();
    expect(new Set(fetched).size).toBe(fetched.length);
    expect(asked.passages.length).toBeLessThanOrEqual(3);
  });

  it('keeps the lists over a vendor that do not depend on the question for later questions over the same index', async () => {
    const first = await search('Is Alibaba Cloud a security risk to Western companies?');
    // Asked again, and a different question about the same vendor: the facet lists are kept from the first search,
    // so the index is asked only for the general lists and the question's own list over the vendor.
    const again = await search('Is Alibaba Cloud a security risk to Western companies?');
    expect(again.asked.fulltext).toHaveLength(2);
    expect(again.asked.vector).toBe(2);
    expect(again.result.evidence!.shown.map((hit) => hit.passage.id)).toEqual(
      first.result.evidence!.shown.map((hit) => hit.passage.id),
    );
    const other = await search('Does Alibaba Cloud keep customer data inside the EU?');
    expect(other.result.evidence?.vendorIds).toEqual(['alibaba-cloud']);
    expect(other.asked.fulltext).toHaveLength(2);
  });

  it('shows each cited provision once, within the bounds, after the leading general hits', async () => {
    const { result } = await search('Is Alibaba Cloud a security risk to Western companies?');
    const shown = result.evidence!.shown.map((hit) => hit.passage.id);
    expect(new Set(shown).size).toBe(shown.length);
    expect(shown.length).toBeLessThanOrEqual(vendorEvidenceSettings.maxPassages);
    expect(shown.slice(0, vendorEvidenceSettings.leadingGeneral)).toEqual(
      result.hits.slice(0, vendorEvidenceSettings.leadingGeneral).map((hit) => hit.passage.id),
    );
    // The profile cites the National Intelligence Law as "National Intelligence Law" and as "NIL": one unit.
    expect(shown.filter((id) => id.startsWith('nil-2017#art-7'))).toEqual(['nil-2017#art-7']);
  });

  it('plans no vendor lists for a question about no vendor, and the context vendor for one asked as context', async () => {
    const plain = await search('what does DSL art 36 actually say?');
    expect(plain.result.evidence).toBeUndefined();
    expect(plain.asked.fulltext).toHaveLength(2); // the general list and the named document's list
    const context = await search('Which laws require the vendor to cooperate with State intelligence work?', 'TikTok');
    expect(context.result.evidence?.vendorIds).toEqual(['bytedance']);
    expect(context.result.evidence!.shown.some((hit) => hit.passage.id === 'vendor-bytedance-tiktok#laws')).toBe(true);
  });
});
