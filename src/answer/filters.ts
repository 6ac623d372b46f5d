/**
 * Retrieval filters as the engine receives them from any caller: list fields may arrive as a single string
 * (`{"vendor": "alibaba-cloud"}`, as golden files and hand-written JSON put them), and are turned into the lists
 * `SearchFilters` declares, so retrieval never sees a bare string.
 */
import type { SearchFilters } from '../retrieve/types.js';

const listFields = ['jurisdiction', 'type', 'vendor', 'documentId'] as const;

/** Loosely typed filters: each list field may be one string or a list. */
export type FilterInput = {
  [Field in keyof SearchFilters]?: SearchFilters[Field] | (Field extends (typeof listFields)[number] ? string : never);
};

export function normalizeFilters(filters: FilterInput | undefined): SearchFilters {
  if (!filters) return {};
  const normalized: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined) continue;
    normalized[key] = (listFields as readonly string[]).includes(key) && typeof value === 'string' ? [value] : value;
  }
  return normalized as SearchFilters;
}
