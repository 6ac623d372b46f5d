/**
 * Vendor aliases for search: resolving any name of a vendor ("Aliyun", "阿里云", "alibaba cloud") to its id for
 * filters, and expanding a query with the other names of every vendor it mentions, so a question about Aliyun also
 * finds passages that say Alibaba Cloud or 阿里云.
 */
import { normalizeVendorName, readVendors, type Vendor } from '../corpus/vendor-aliases.js';
import { namePattern } from './document-catalog.js';

export type { Vendor } from '../corpus/vendor-aliases.js';

export interface VendorAliases {
  vendors: Vendor[];
  /** The vendor id for an id, name or alias (case-insensitive), or undefined when unknown. */
  resolve(nameOrAlias: string): string | undefined;
  /** The query plus the other names of each vendor it mentions, and those vendors' ids in order of mention. */
  expandQuery(query: string): { expanded: string; vendorIds: string[] };
}

/** Any of the names, the longest first. */
function anyName(names: string[]): RegExp {
  return new RegExp(
    [...names]
      .sort((left, right) => right.length - left.length)
      .map(namePattern)
      .join('|'),
    'giu',
  );
}

export function createVendorAliases(vendors: Vendor[]): VendorAliases {
  const byName = new Map<string, string>();
  for (const vendor of vendors) {
    for (const name of [vendor.id, vendor.name, ...vendor.aliases]) byName.set(normalizeVendorName(name), vendor.id);
  }
  const matchers = vendors.map((vendor) => ({
    vendor,
    pattern: anyName([vendor.id, vendor.name, ...vendor.aliases]),
  }));

  return {
    vendors,
    resolve(nameOrAlias) {
      return byName.get(normalizeVendorName(nameOrAlias));
    },
    expandQuery(query) {
      const normalized = query.normalize('NFKC');
      const mentions: { position: number; vendor: Vendor }[] = [];
      for (const { vendor, pattern } of matchers) {
        pattern.lastIndex = 0;
        const match = pattern.exec(normalized);
        if (match) mentions.push({ position: match.index, vendor });
      }
      mentions.sort((left, right) => left.position - right.position);
      const present = normalizeVendorName(normalized);
      const additions: string[] = [];
      for (const { vendor } of mentions) {
        for (const name of [vendor.name, ...vendor.aliases]) {
          if (!present.includes(normalizeVendorName(name)) && !additions.includes(name)) additions.push(name);
        }
      }
      return {
        expanded: additions.length > 0 ? `${query} ${additions.join(' ')}` : query,
        vendorIds: mentions.map((mention) => mention.vendor.id),
      };
    },
  };
}

/**
 * Loads `vendor-aliases.yaml` from the corpus directory. A missing file gives empty aliases; an invalid one throws
 * AppError('invalid_config') naming the file.
 */
export async function loadVendorAliases(corpusDirectory: string): Promise<VendorAliases> {
  return createVendorAliases(await readVendors(corpusDirectory));
}
