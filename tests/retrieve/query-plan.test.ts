import { describe, expect, it } from 'vitest';
import { createVendorAliases } from '../../src/retrieve/aliases.js';
import {
  createDocumentCatalog,
  maximumDocumentsPerName,
  type CatalogDocument,
} from '../../src/retrieve/document-catalog.js';
import { planSearch, type PlanContext } from '../../src/retrieve/query-plan.js';

const law = (id: string, title: string, shortTitle: string): CatalogDocument => ({
  id,
  title,
  shortTitle,
  type: 'law',
  fields: { documentId: id, jurisdiction: 'PRC', type: 'law', vendors: [], published: '2021-01-01' },
});

const catalog = createDocumentCatalog(
  [
    law('dsl-2021', "Data Security Law of the People's Republic of China", 'DSL'),
    law('nil-2017', "National Intelligence Law of the People's Republic of China", 'NIL'),
  ],
  ['dsl-2021#art-36', 'nil-2017#art-7'],
);
const aliases = createVendorAliases([
  { id: 'alibaba-cloud', name: 'Alibaba Cloud', aliases: ['Aliyun', '阿里云'] },
  { id: 'kaspersky', name: 'Kaspersky', aliases: ['Kaspersky Lab'] },
]);
const context: PlanContext = { aliases, catalog, denseWeight: 0.1, settings: { maxVendors: 2 } };

describe('query planning', () => {
  it('reads vendors, named documents, cited provisions and filters from the question once', () => {
    const plan = planSearch(
      '  Can Aliyun be forced to hand over data under NIL Article 7?  ',
      {
        filters: { vendor: ['Aliyun'] },
      },
      context,
    );
    expect(plan.query).toBe('Can Aliyun be forced to hand over data under NIL Article 7?');
    expect(plan.filters.vendor).toEqual(['alibaba-cloud']);
    expect(plan.vendorIds).toEqual(['alibaba-cloud']);
    expect(plan.fulltext.text).toBe(plan.query);
    expect(plan.fulltext.expansion).toContain('Alibaba Cloud');
    expect(plan.references).toEqual({ documents: ['nil-2017'], anchors: ['art-7'] });
    expect(plan).toMatchObject({ requested: 'hybrid', method: 'hybrid', k: 10, limit: 50, vectorWeight: 0.1 });
  });

  it('leaves out vendors the vendor filter excludes, and reference lists from single-list methods', () => {
    const filtered = planSearch('Is Kaspersky or Aliyun riskier?', { filters: { vendor: ['kaspersky'] } }, context);
    expect(filtered.vendorIds).toEqual(['kaspersky']);
    const fulltext = planSearch('DSL Article 36', { method: 'fulltext', k: 500 }, context);
    expect(fulltext.references).toBeUndefined();
    expect(fulltext.vendorIds).toEqual([]);
    expect(fulltext).toMatchObject({ k: 100, limit: 100, vectorWeight: 0 });
  });

  it('plans full text when the vector list has no weight, and refuses an empty question', () => {
    expect(planSearch('DSL Article 36', {}, { ...context, denseWeight: 0 }).method).toBe('fulltext');
    expect(() => planSearch('   ', {}, context)).toThrow(/empty/);
  });

  it('does not read a name carried by a whole collection of documents as naming them', () => {
    const rules = Array.from({ length: maximumDocumentsPerName + 1 }, (_, index) =>
      law(`aml-rule-${index}`, `Anti-Money Laundering Rules (AML)`, `Anti-Money Laundering Rules (AML)`),
    );
    const collection = createDocumentCatalog([...rules, law('dsl-2021', 'Data Security Law', 'DSL')], []);
    expect(collection.namedDocuments('What does AML require of a DSL processor?')).toEqual(['dsl-2021']);
  });

  it('plans the vendor evidence up front: the context vendor first, the question and each facet over its passages', () => {
    const plan = planSearch(
      'Is Aliyun a risk?',
      {
        filters: { jurisdiction: ['PRC'], vendor: ['kaspersky'] },
        evidence: {
          vendorContext: 'Kaspersky Lab',
          facets: [{ query: 'questions to ask {vendor}', type: ['vendor'] }, { query: 'laws that reach it' }],
        },
      },
      context,
    );
    expect(plan.evidence?.vendors.map((vendor) => vendor.id)).toEqual(['kaspersky', 'alibaba-cloud']);
    const [kaspersky, alibaba] = plan.evidence!.vendors;
    expect(alibaba!.searches.map((search) => search.query)).toEqual([
      'Is Aliyun a risk?',
      'questions to ask Alibaba Cloud',
      'laws that reach it',
    ]);
    // Each search is over the vendor's own passages, within the other filters; a facet may narrow the type.
    expect(alibaba!.searches[1]!.filters).toEqual({
      jurisdiction: ['PRC'],
      vendor: ['alibaba-cloud'],
      type: ['vendor'],
    });
    // The vendor's profile leads the lists whose words name the vendor.
    expect(alibaba!.searches.map((search) => search.profileLed)).toEqual([true, true, false]);
    expect(kaspersky!.searches[0]!.profileLed).toBe(false);
    expect(planSearch('Is Aliyun a risk?', {}, context).evidence).toBeUndefined();
    expect(
      planSearch('Is Aliyun a risk?', { method: 'fulltext', evidence: { facets: [] } }, context).evidence,
    ).toBeUndefined();
  });
});
