import { describe, expect, it } from 'vitest';
import { citedAnchors } from '../../src/text/legal-citations.js';
import { createDocumentCatalog, documentNames, type CatalogDocument } from '../../src/retrieve/document-catalog.js';
import { fuseRankings } from '../../src/retrieve/fusion.js';
import {
  citedPassages,
  findReferences,
  interleaveByDocument,
  passageCitations,
  referenceFilter,
} from '../../src/retrieve/references.js';

const document = (
  id: string,
  title: string,
  shortTitle: string,
  overrides: Partial<CatalogDocument['fields']> & { type?: string } = {},
): CatalogDocument => ({
  id,
  title,
  shortTitle,
  type: overrides.type ?? 'law',
  fields: {
    documentId: id,
    jurisdiction: overrides.jurisdiction ?? 'PRC',
    type: overrides.type ?? 'law',
    vendors: overrides.vendors ?? [],
    published: overrides.published ?? '2021-01-01',
  },
});

const documents = [
  document('dsl-2021', "Data Security Law of the People's Republic of China", 'DSL'),
  document('dsl-2021-zh', '中华人民共和国数据安全法', '数据安全法'),
  document('nil-2017', "National Intelligence Law of the People's Republic of China", 'NIL'),
  document('gdpr-2016', 'Regulation (EU) 2016/679 (General Data Protection Regulation)', 'GDPR', {
    jurisdiction: 'EU',
  }),
  document('cloud-act-2018', 'Clarifying Lawful Overseas Use of Data Act (CLOUD Act), Pub. L. 115-141', 'CLOUD Act', {
    jurisdiction: 'US',
  }),
  document('vendor-alibaba-cloud', 'Vendor profile: Alibaba Cloud (Aliyun)', 'Alibaba Cloud profile', {
    type: 'vendor',
    vendors: ['alibaba-cloud'],
  }),
];
const passageIds = [
  'dsl-2021#art-35',
  'dsl-2021#art-36',
  'dsl-2021#art-36-p2',
  'dsl-2021#art-3',
  'dsl-2021-zh#art-36',
  'nil-2017#art-7',
  'nil-2017#art-14',
  'gdpr-2016#art-28',
  'gdpr-2016#art-28-3',
  'gdpr-2016#art-48',
  'cloud-act-2018#sec-2713',
  'vendor-alibaba-cloud#laws',
];
const catalog = createDocumentCatalog(documents, passageIds);

describe('citations in a question', () => {
  it('turns articles, sections, clauses, principles and control ids into anchors, in order of mention', () => {
    expect(citedAnchors('what does DSL art 36 actually say?')).toEqual(['art-36']);
    expect(citedAnchors('GDPR Art. 28(3) and Arts. 45 and 46')).toEqual(['art-28-3', 'art-28', 'art-45', 'art-46']);
    expect(citedAnchors('articles 44-47')).toEqual(['art-44', 'art-45', 'art-46', 'art-47']);
    expect(citedAnchors('18 U.S.C. 2713 and § 2703(h)')).toEqual(['sec-2713', 'sec-2703-h', 'sec-2703']);
    expect(citedAnchors('Section 889 and §202.601')).toEqual(['sec-889', 'sec-202-601']);
    expect(citedAnchors('clause 14 of the SCCs, NCSC principle 2.1')).toEqual(['clause-14', 'principle-2-1']);
    expect(citedAnchors('GV.SC-06, A.5.19, SR-6 and CC9.2')).toEqual(['gv-sc-06', 'a-5-19', 'sr-6', 'cc9-2']);
  });

  it('finds nothing in a question without citations', () => {
    expect(citedAnchors('Is Alibaba Cloud a security risk to Western companies?')).toEqual([]);
    expect(citedAnchors('the art of due diligence in 2025')).toEqual([]);
  });
});

describe('document names', () => {
  it('takes the short title, a parenthesised short form and the title without its country', () => {
    expect(documentNames(documents[0]!)).toEqual(['DSL', 'Data Security Law']);
    expect(documentNames(documents[3]!)).toEqual(
      expect.arrayContaining(['GDPR', 'General Data Protection Regulation']),
    );
    expect(documentNames(documents[4]!)).toContain('CLOUD Act');
  });

  it('leaves out single ordinary words, dates and remarks in parentheses', () => {
    expect(
      documentNames({ title: 'Telecommunications (Security) Act 2021', shortTitle: 'Telecoms Act' }),
    ).not.toContain('Security');
    expect(documentNames({ title: 'Cybersecurity Law of the PRC (2016 text)', shortTitle: 'CSL' })).not.toContain(
      '2016 text',
    );
  });

  it('finds the documents a question names, in order, but not vendor profiles or words inside other words', () => {
    expect(catalog.namedDocuments('what do the gdpr and the Data Security Law each require?')).toEqual([
      'gdpr-2016',
      'dsl-2021',
    ]);
    expect(catalog.namedDocuments('Alibaba Cloud profile')).toEqual([]);
    expect(catalog.namedDocuments('the NILE and DSLR cameras')).toEqual([]);
  });
});

describe('references', () => {
  it('points a citation at the unit in the named document, its sub-units and its translation, not its parts', () => {
    const references = findReferences(catalog, 'what does DSL art 36 say, and GDPR Art. 28?');
    expect(references).toEqual({ documents: ['dsl-2021', 'gdpr-2016'], anchors: ['art-36', 'art-28'] });
    expect(citedPassages(catalog, references, []).map((candidate) => candidate.id)).toEqual([
      'dsl-2021#art-36',
      'gdpr-2016#art-28',
      'gdpr-2016#art-28-3',
      'dsl-2021-zh#art-36',
    ]);
  });

  it('looks a bare citation up in the documents leading the full-text list', () => {
    const references = findReferences(catalog, 'does Article 48 allow this transfer?');
    expect(references.documents).toEqual([]);
    expect(citedPassages(catalog, references, ['gdpr-2016']).map((candidate) => candidate.id)).toEqual([
      'gdpr-2016#art-48',
    ]);
  });

  it("follows the citations in a passage's text to the units they name", () => {
    const text =
      'The National Intelligence Law (2017) Art. 7 requires cooperation, and Art. 14 lets agencies require it. ' +
      'Separately, the Data Security Law Art. 36 and an unknown Act Art. 99 apply.';
    expect(passageCitations(catalog, [text]).map((candidate) => candidate.id)).toEqual([
      'nil-2017#art-7',
      'nil-2017#art-14',
      'dsl-2021#art-36',
    ]);
  });

  it('lets a vendor filter pass vendor-neutral referenced documents but keeps every other filter', () => {
    const accepts = referenceFilter({ vendor: ['alibaba-cloud'], jurisdiction: ['PRC'] })!;
    expect(accepts(documents[0]!.fields)).toBe(true);
    expect(accepts(documents[3]!.fields)).toBe(false);
    expect(accepts({ ...documents[5]!.fields, jurisdiction: 'PRC' })).toBe(true);
    expect(accepts({ ...documents[5]!.fields, jurisdiction: 'PRC', vendors: ['huawei'] })).toBe(false);
    const references = findReferences(catalog, 'GDPR Art. 28 and DSL Art. 36', accepts);
    expect(references.documents).toEqual(['dsl-2021']);
  });

  it('interleaves full-text hits by document, best first', () => {
    const hits = ['a#1', 'a#2', 'a#3', 'b#1', 'b#2'].map((id, index) => ({ id, score: 5 - index }));
    expect(interleaveByDocument(hits, ['b', 'a']).map((hit) => hit.id)).toEqual(['b#1', 'a#1', 'b#2', 'a#2', 'a#3']);
  });

  it('fuses reference lists so a cited unit outranks the full-text leader', () => {
    const fused = fuseRankings([{ id: 'x', score: 9 }], [], {
      references: [{ candidates: [{ id: 'cited', score: 1 }], weight: 2 }],
    });
    expect(fused.map((candidate) => [candidate.id, candidate.referenceRank])).toEqual([
      ['cited', 1],
      ['x', undefined],
    ]);
  });
});
