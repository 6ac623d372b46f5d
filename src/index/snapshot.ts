/**
 * One active index generation: the manifest, the open passages table and its vector searcher, and the search
 * backend over them. A reindex or another process's ingest replaces the whole snapshot at once, so a search always
 * runs against one consistent table.
 */
import type { Table } from '@lancedb/lancedb';
import { headingSeparator } from '../text/headings.js';
import type { Passage } from '../corpus/types.js';
import { defaultAnnSearch } from './ann-calibration.js';
import { ExactVectorSearch, loadRowDirectory, type RowDirectory } from './exact-vectors.js';
import { loadLanceDb } from './lancedb.js';
import {
  createFilterPredicate,
  filtersToWhere,
  unknownDocumentFields,
  type FilterableFields,
  type PassageFilters,
} from './filters.js';
import type { IndexManifest } from './manifest.js';
import { passageColumns, passageReadColumns, rowToPassage, sqlString } from './schema.js';
import type { FulltextQuery, IndexedDocument, RankedCandidate, SearchBackend } from './search-backend.js';
import { fulltextQueryText } from './search-text.js';
import { RecentlyUsed } from './recently-used.js';
import { fulltextInMemoryUpTo, MemoryFulltext } from './memory-fulltext.js';

/**
 * Passages with equal scores in id order: LanceDB returns ties in the order its index segments hold them, which
 * differs between two builds of the same corpus, so the same question would rank them differently after a reindex.
 */
const byId = (left: string, right: string): number => (left < right ? -1 : left > right ? 1 : 0);

/**
 * Weight of the alias names added to a query, relative to the user's own words. On the golden questions (full text
 * alone) recall@5 was 0.609 with aliases weighted like the query, 0.654 at 0.5, 0.684 at 0.2 and 0.703 without
 * them, at equal recall@10 (0.81): long alias lists drown the question. With the reference lists of hybrid search
 * (references.ts), 0.1 measured best on the tuning half (hybrid recall@5 0.806 vs 0.784 at 0.2, recall@10 0.905 vs
 * 0.900). A small weight keeps what aliases are for, finding "Alibaba Cloud" passages for "阿里云".
 */
const expansionBoost = 0.1;
/**
 * How deep the question's own list is read when a query's word groups are summed (fulltext): a passage it leaves out
 * counts only its other groups' scores, so a list asked for (50, or 3 passages of a vendor) is summed from a deeper
 * one and then cut. Read as ids and scores, 200 cost no more than 50 with their passages at 100k rows (8.6 vs 9.3
 * ms); at 50, a vendor's profile passage that holds the question's words weakly and the vendor's names strongly fell
 * out of the top 50 a boolean query returns.
 */
const summedListDepth = 200;
/**
 * How deep the list of a query's alias names is read (once per vendor and filter, then kept): 14 ms at 100k rows.
 * A passage beyond it misses at most a tenth (expansionBoost) of the 2,000th alias score.
 */
const aliasListDepth = 2000;
/**
 * Passages kept by id in memory: those a search returns or fetches come back in the next searches (the profile units
 * and cited provisions of a vendor answer, a questionnaire's recurring topics), and a fetch by row id costs LanceDB a
 * scan of the row ranges each time. A generation never changes, so a kept passage is never stale.
 */
export const keptPassages = 4096;
/**
 * Alias-name lists kept per generation (at most 2,000 scores each): a vendor's alias names, and so their list under
 * the same filters, are the same for every question about it, while the question's own words change.
 */
export const keptAliasLists = 256;

export class IndexSnapshot implements SearchBackend {
  private constructor(
    readonly manifest: IndexManifest,
    readonly table: Table,
    private readonly directory: RowDirectory,
    private readonly exact: ExactVectorSearch | undefined,
    readonly documents: readonly IndexedDocument[],
    /** The passages and their BM25 in memory, for tables of up to `fulltextInMemoryUpTo` passages. */
    private readonly memory: MemoryFulltext | undefined,
  ) {}

  private readonly kept = new RecentlyUsed<string, Passage>(keptPassages);

  private get annSearch() {
    return this.manifest.annSearch ?? defaultAnnSearch;
  }
  private readonly aliasLists = new RecentlyUsed<string, Promise<Map<string, number>>>(keptAliasLists);

  get fulltextSearch(): 'memory' | 'lancedb' {
    return this.memory ? 'memory' : 'lancedb';
  }

  get passageIds(): readonly string[] {
    return this.directory.ids;
  }

  /** `inMemoryUpTo`: the largest table whose passages and full-text search are held in memory (0: none). */
  static async open(
    table: Table,
    manifest: IndexManifest,
    options: { inMemoryUpTo?: number } = {},
  ): Promise<IndexSnapshot> {
    const documents = new Map<string, FilterableFields>(
      manifest.documents.map((document) => [
        document.id,
        {
          documentId: document.id,
          jurisdiction: document.jurisdiction,
          type: document.type,
          vendors: document.vendors,
          published: document.published,
        },
      ]),
    );
    if (manifest.passages === 0) {
      const directory: RowDirectory = { ids: [], rowIds: new Float64Array(0), rowIdById: new Map() };
      return new IndexSnapshot(manifest, table, directory, undefined, [], undefined);
    }
    let directory: RowDirectory;
    let exact: ExactVectorSearch | undefined;
    if (manifest.vectorIndex === 'none') {
      ({ search: exact, directory } = await ExactVectorSearch.load(table, manifest.dimensions, documents));
    } else {
      directory = await loadRowDirectory(table);
    }
    const shortTitles = await readShortTitles(table, directory);
    const indexed = manifest.documents.map((document) => ({
      id: document.id,
      title: document.title,
      shortTitle: shortTitles.get(document.id) ?? document.title,
      type: document.type,
      fields: documents.get(document.id)!,
    }));
    const memory =
      manifest.passages <= (options.inMemoryUpTo ?? fulltextInMemoryUpTo)
        ? await readMemoryFulltext(table, documents)
        : undefined;
    return new IndexSnapshot(manifest, table, directory, exact, indexed, memory);
  }

  close(): void {
    this.table.close();
  }

  /**
   * Hits with their passages: reading the passage column of the top 50 within the full-text query costs about a
   * millisecond at 100k rows, a separate fetch by row id of the final hits about three.
   *
   * A query with word groups of their own weight (alias names, feedback words) runs one plain match per group and
   * adds the weighted scores by passage, as a boolean query of the groups would: LanceDB scores a boolean query by
   * visiting every passage that holds any of its words (50–90 ms at 100k rows for a vendor question), a single
   * match stops early (5–8 ms). The question's and feedback lists are read `summedListDepth` deep, the alias
   * names' `aliasListDepth` deep and kept: alias names such as "Cloud" or "Group" reach thousands of passages, and
   * a passage of the question's list that holds one must get that share of its score. Those lists are read as ids
   * and scores; the passages of the final hits come from those kept by id or one fetch.
   */
  async fulltext(query: FulltextQuery, filters: PassageFilters, limit: number): Promise<RankedCandidate[]> {
    const text = fulltextQueryText(query.text);
    const aliases = fulltextQueryText(query.expansion ?? '');
    const feedback = (query.feedback ?? [])
      .map((group) => ({ text: fulltextQueryText(group.text), weight: group.weight }))
      .filter((group) => group.weight > 0 && group.text !== '');
    if ((text === '' && aliases === '') || this.manifest.passages === 0) return [];
    if (aliases === '' && feedback.length === 0) return this.match(text, filters, limit);
    const depth = Math.max(limit, summedListDepth);
    const groups = [...(text === '' ? [] : [{ text, weight: 1 }]), ...feedback];
    const [lists, aliasScores] = await Promise.all([
      Promise.all(groups.map((group) => this.scoresOf(group.text, filters, depth))),
      aliases === '' ? undefined : this.aliasScores(aliases, filters),
    ]);
    const summed = new Map<string, RankedCandidate>();
    // In 32-bit floats, as LanceDB adds a boolean query's clauses: near-equal passages keep its order.
    const add = (id: string, weight: number, score: number) => {
      const weighted = Math.fround(Math.fround(weight) * Math.fround(score));
      const seen = summed.get(id);
      if (seen) seen.score = Math.fround(seen.score + weighted);
      else summed.set(id, { id, score: weighted });
    };
    lists.forEach((list, position) => {
      for (const [id, score] of list) add(id, groups[position]!.weight, score);
    });
    if (aliasScores) {
      for (const id of summed.keys()) {
        const score = aliasScores.get(id);
        if (score !== undefined) add(id, expansionBoost, score);
      }
      // The passages the alias names find best join as well (a vendor's own passages in other words).
      let joined = 0;
      for (const [id, score] of aliasScores) {
        if (joined >= depth) break;
        if (summed.has(id)) continue;
        add(id, expansionBoost, score);
        joined += 1;
      }
    }
    const top = [...summed.values()]
      .sort((left, right) => right.score - left.score || byId(left.id, right.id))
      .slice(0, limit);
    const read = await this.passages(top.map((hit) => hit.id));
    return top.flatMap((hit) => {
      const passage = read.get(hit.id);
      return passage ? [{ ...hit, passage }] : [];
    });
  }

  /**
   * The BM25 score of each passage among the top `aliasListDepth` for a query's alias names, best first, kept
   * (keptAliasLists): a vendor's alias names are the same for every question about it. A failed search is not kept.
   */
  private aliasScores(text: string, filters: PassageFilters): Promise<Map<string, number>> {
    const key = JSON.stringify([text, filters]);
    let scores = this.aliasLists.get(key);
    if (!scores) {
      scores = this.scoresOf(text, filters, aliasListDepth);
      this.aliasLists.set(key, scores);
      scores.catch(() => this.aliasLists.delete(key, scores));
    }
    return scores;
  }

  /** The BM25 scores of the top `limit` passages for any of the words of `text`, best first, without the passages. */
  private async scoresOf(text: string, filters: PassageFilters, limit: number): Promise<Map<string, number>> {
    if (this.memory) {
      const hits = this.memory.search(text, limit, createFilterPredicate(filters));
      return new Map(hits.map((hit) => [hit.id, hit.score]));
    }
    const rows = await this.matchRows(text, filters, limit, []);
    return new Map(rows.map((row) => [String(row.id), Number(row._score)]));
  }

  /** Top `limit` passages by BM25 for any of the words of `text`. */
  private async match(text: string, filters: PassageFilters, limit: number): Promise<RankedCandidate[]> {
    if (this.memory) {
      const memory = this.memory;
      return memory
        .search(text, limit, createFilterPredicate(filters))
        .map((hit) => ({ ...hit, passage: memory.passages.get(hit.id)! }));
    }
    const rows = await this.matchRows(text, filters, limit, passageReadColumns);
    return rows.map((row) => ({ id: String(row.id), score: Number(row._score), passage: rowToPassage(row) }));
  }

  /** The rows (id, score and `columns`) of the top `limit` passages for any of the words of `text`. */
  private async matchRows(
    text: string,
    filters: PassageFilters,
    limit: number,
    columns: readonly string[],
  ): Promise<Record<string, unknown>[]> {
    const { MatchQuery, Operator } = await loadLanceDb();
    let search = this.table
      .query()
      .fullTextSearch(new MatchQuery(text, passageColumns.searchText, { operator: Operator.Or }))
      .select(['id', '_score', ...columns])
      .limit(limit);
    const where = filtersToWhere(filters);
    if (where) search = search.where(where);
    const rows: Record<string, unknown>[] = await search.toArray();
    return rows.sort(
      (left, right) => Number(right._score) - Number(left._score) || byId(String(left.id), String(right.id)),
    );
  }

  async vector(vector: number[], filters: PassageFilters, limit: number): Promise<RankedCandidate[]> {
    if (this.manifest.passages === 0) return [];
    if (this.exact) return this.exact.search(vector, limit, createFilterPredicate(filters));
    let search = this.table
      .vectorSearch(vector)
      .distanceType('cosine')
      .nprobes(this.annSearch.probes)
      .refineFactor(this.annSearch.refineFactor)
      .select(['id', '_distance'])
      .limit(limit);
    const where = filtersToWhere(filters);
    if (where) search = search.where(where);
    const rows = await search.toArray();
    return rows
      .map((row: Record<string, unknown>) => ({ id: String(row.id), score: 1 - Number(row._distance) }))
      .filter((candidate) => candidate.score > 0);
  }

  async passages(ids: string[]): Promise<Map<string, Passage>> {
    const found = new Map<string, Passage>();
    if (this.memory) {
      for (const id of ids) {
        const passage = this.memory.passages.get(id);
        if (passage) found.set(id, passage);
      }
      return found;
    }
    const rowIds = ids.flatMap((id) => {
      const kept = this.kept.get(id);
      if (kept) {
        found.set(id, kept);
        return [];
      }
      const rowId = this.directory.rowIdById.get(id);
      return rowId === undefined ? [] : [rowId];
    });
    if (rowIds.length === 0) return found;
    const rows = await this.table
      .takeRowIds(rowIds)
      .select([...passageReadColumns])
      .toArray();
    for (const row of rows) {
      const passage = rowToPassage(row);
      found.set(passage.id, passage);
      this.kept.set(passage.id, passage);
    }
    return found;
  }

  async documentPassages(documentId: string): Promise<Passage[]> {
    if (this.manifest.passages === 0) return [];
    const passages = this.memory
      ? [...this.memory.passages.values()].filter((passage) => passage.documentId === documentId)
      : (
          await this.table
            .query()
            .where(`document_id = ${sqlString(documentId)}`)
            .select([...passageReadColumns])
            .toArray()
        ).map((row: Record<string, unknown>) => rowToPassage(row));
    return passages.sort(
      (left: Passage, right: Passage) => left.start - right.start || left.id.localeCompare(right.id),
    );
  }
}

/** Every passage with its search text, analysed for BM25 in memory (memory-fulltext.ts). */
async function readMemoryFulltext(table: Table, documents: Map<string, FilterableFields>): Promise<MemoryFulltext> {
  const rows = (await table
    .query()
    .select(['id', passageColumns.documentId, passageColumns.searchText, ...passageReadColumns])
    .toArray()) as Record<string, unknown>[];
  return new MemoryFulltext(
    rows.map((row) => {
      const documentId = String(row[passageColumns.documentId]);
      return {
        id: String(row.id),
        searchText: String(row[passageColumns.searchText]),
        passage: rowToPassage(row),
        fields: documents.get(documentId) ?? unknownDocumentFields(documentId),
      };
    }),
  );
}

/**
 * Each document's short title: the first element of the heading path of one of its passages (the manifest keeps
 * only the full title). One row per document is read, by row id.
 */
async function readShortTitles(table: Table, directory: RowDirectory): Promise<Map<string, string>> {
  const firstRows = new Map<string, number>();
  directory.ids.forEach((id, row) => {
    const documentId = id.slice(0, id.indexOf('#'));
    if (!firstRows.has(documentId)) firstRows.set(documentId, directory.rowIds[row]!);
  });
  const titles = new Map<string, string>();
  if (firstRows.size === 0) return titles;
  const rows = await table
    .takeRowIds([...firstRows.values()])
    .select([passageColumns.documentId, passageColumns.heading])
    .toArray();
  for (const row of rows as Record<string, unknown>[]) {
    titles.set(
      String(row[passageColumns.documentId]),
      String(row[passageColumns.heading]).split(headingSeparator)[0]!.trim(),
    );
  }
  return titles;
}
