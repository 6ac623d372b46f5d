/**
 * Ranking metrics with binary relevance, as used by BEIR and TREC tools: recall@k, reciprocal rank, nDCG@k, average
 * precision@k (MAP@k over a set) and all-evidence@k. Inputs are the ranked ids a search returned and the set of relevant ids; a relevant id counts once,
 * at its first rank, so a repeated hit never earns credit twice.
 */

/** Ranks (1-based) at which relevant ids first appear, in rank order. */
export function relevantRanks(ranked: readonly string[], relevant: ReadonlySet<string>): number[] {
  const seen = new Set<string>();
  const ranks: number[] = [];
  ranked.forEach((id, index) => {
    if (relevant.has(id) && !seen.has(id)) {
      seen.add(id);
      ranks.push(index + 1);
    }
  });
  return ranks;
}

/** Share of the relevant ids found in the top k; null when nothing is relevant (the question has no gold). */
export function recallAtK(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number | null {
  if (relevant.size === 0) return null;
  return relevantRanks(ranked.slice(0, k), relevant).length / relevant.size;
}

/**
 * Average precision over the top k, as trec_eval's `map_cut` (and BEIR, ObliQA) compute it: the precision at each
 * rank holding a relevant id, summed and divided by the number of relevant ids, so a relevant id below rank k counts
 * as a zero.
 */
export function averagePrecisionAtK(
  ranked: readonly string[],
  relevant: ReadonlySet<string>,
  k: number,
): number | null {
  if (relevant.size === 0) return null;
  const ranks = relevantRanks(ranked.slice(0, k), relevant);
  return ranks.reduce((sum, rank, index) => sum + (index + 1) / rank, 0) / relevant.size;
}

/** 1 when every relevant id is in the top k (all the evidence a multi-part answer needs), else 0. */
export function allEvidenceAtK(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number | null {
  if (relevant.size === 0) return null;
  return relevantRanks(ranked.slice(0, k), relevant).length === relevant.size ? 1 : 0;
}

/** 1 / rank of the first relevant id within the top k (0 when none is there). */
export function reciprocalRank(
  ranked: readonly string[],
  relevant: ReadonlySet<string>,
  k = ranked.length,
): number | null {
  if (relevant.size === 0) return null;
  const first = relevantRanks(ranked.slice(0, k), relevant)[0];
  return first === undefined ? 0 : 1 / first;
}

/**
 * Normalised discounted cumulative gain over the top k: DCG / ideal DCG. Gains are binary unless graded relevance
 * is given (BEIR qrels grade some datasets 1–2), in which case a document's gain is its grade, as in trec_eval.
 */
export function ndcgAtK(
  ranked: readonly string[],
  relevant: ReadonlySet<string>,
  k: number,
  grades?: ReadonlyMap<string, number>,
): number | null {
  if (relevant.size === 0) return null;
  const gain = (id: string) => grades?.get(id) ?? 1;
  const top = ranked.slice(0, k);
  const dcg = relevantRanks(top, relevant).reduce((sum, rank) => sum + gain(top[rank - 1]!) / Math.log2(rank + 1), 0);
  const idealGains = [...relevant].map(gain).sort((left, right) => right - left);
  let ideal = 0;
  idealGains.slice(0, k).forEach((value, index) => {
    ideal += value / Math.log2(index + 2);
  });
  return ideal === 0 ? 0 : dcg / ideal;
}

/**
 * Maps retrieved passage ids onto the units the gold labels name: a later part of a long unit (`nil-2017#art-7-p2`)
 * counts as the unit (`nil-2017#art-7`) when only the unit is labelled, since the chunker splits units by length.
 */
export function toLabelledUnits(ranked: readonly string[], relevant: ReadonlySet<string>): string[] {
  return ranked.map((id) => {
    if (relevant.has(id)) return id;
    const unit = id.replace(/-p\d+$/, '');
    return relevant.has(unit) ? unit : id;
  });
}

/** Collapses passage-level results to document level (first occurrence wins), for document-level qrels. */
export function toDocumentRanking(ranked: readonly { documentId: string }[]): string[] {
  const seen = new Set<string>();
  const documents: string[] = [];
  for (const hit of ranked) {
    if (seen.has(hit.documentId)) continue;
    seen.add(hit.documentId);
    documents.push(hit.documentId);
  }
  return documents;
}
