/**
 * How the ANN vector index is searched, chosen when it is built rather than fixed in code: the partitions probed per
 * query and the refine factor (how many times `limit` candidates are re-ranked with the full vectors) grow, step by
 * step, until the index's top 10 holds at least `targetRecall` of the exact top 10.
 *
 * An IVF-PQ index's recall depends on the corpus, its size and the embedding model, so one fixed setting cannot suit
 * a user's own corpus and model. The sample queries are question-sized: a short run of words from evenly spaced
 * passages, embedded by the index's own model. Passages' stored vectors as queries (the held-out points of ANN
 * benchmarks) flatter the index: with the hashing vectors at a million passages they found 0.995 of the exact top
 * 10 at the cheapest setting, where the retrieval bench's questions found 0.43, since a short text's vector has few
 * components and its neighbours spread over many partitions.
 */
import type { Table } from '@lancedb/lancedb';
import { passageColumns } from './schema.js';

export interface AnnSearchSettings {
  /** IVF partitions probed per query. */
  probes: number;
  /** Candidates re-ranked with the full vectors, as a multiple of the limit. */
  refineFactor: number;
  /** The share of the exact top 10 found at these settings on the sample queries. */
  recall: number;
}

/** What indexes built before the settings were chosen at build time are searched with. */
export const defaultAnnSearch: AnnSearchSettings = { probes: 20, refineFactor: 4, recall: Number.NaN };

/** Settings tried in order, cheapest first; those probing more partitions than the index has are skipped. */
const steps: ReadonlyArray<readonly [probes: number, refineFactor: number]> = [
  [20, 4],
  [20, 10],
  [40, 10],
  [80, 10],
  [80, 20],
  [160, 20],
  [240, 20],
  [320, 30],
  [480, 30],
  [640, 40],
  [960, 50],
];

const neighbours = 10;

/** Words of a passage taken as a sample question, about the length of one. */
const questionWords = 10;

export interface CalibrationOptions {
  /** The index's partitions: settings probing more are not tried. */
  partitions: number;
  /** The index's embedding model, for the sample questions. */
  embed: (texts: string[]) => Promise<number[][]>;
  samples?: number;
  targetRecall?: number;
}

export async function calibrateAnnSearch(table: Table, options: CalibrationOptions): Promise<AnnSearchSettings> {
  const rows = await table.countRows();
  const samples = Math.min(options.samples ?? 40, rows);
  const targetRecall = options.targetRecall ?? 0.95;
  // Evenly spaced rows, so the sample is the same for the same table.
  const offsets = Array.from({ length: samples }, (_, index) => Math.floor((index * rows) / samples));
  const sampled = await table.takeOffsets(offsets).select([passageColumns.text]).toArray();
  const questions = sampled.map((row: Record<string, unknown>) =>
    String(row[passageColumns.text]).split(/\s+/).filter(Boolean).slice(0, questionWords).join(' '),
  );
  // A text of stop words alone can embed to the zero vector, which has no neighbours to find.
  const queries = (await options.embed(questions)).filter((vector) => vector.some((value) => value !== 0));

  const topIds = async (vector: number[], settings?: readonly [number, number]) => {
    let search = table
      .vectorSearch(vector)
      .distanceType('cosine')
      .select([passageColumns.id, '_distance'])
      .limit(neighbours);
    search = settings ? search.nprobes(settings[0]).refineFactor(settings[1]) : search.bypassVectorIndex();
    return (await search.toArray()).map((row: Record<string, unknown>) => String(row[passageColumns.id]));
  };
  const exact: string[][] = [];
  for (const query of queries) exact.push(await topIds(query));

  const usable = steps.filter(([probes]) => probes <= options.partitions);
  const candidates = usable.length > 0 ? usable : [[options.partitions, steps[0]![1]] as const];
  let chosen: AnnSearchSettings = { ...defaultAnnSearch };
  for (const settings of candidates) {
    let found = 0;
    let expected = 0;
    for (const [position, query] of queries.entries()) {
      const approximate = new Set(await topIds(query, settings));
      expected += exact[position]!.length;
      found += exact[position]!.filter((id) => approximate.has(id)).length;
    }
    chosen = { probes: settings[0], refineFactor: settings[1], recall: expected === 0 ? 1 : found / expected };
    if (chosen.recall >= targetRecall) break;
  }
  return chosen;
}
