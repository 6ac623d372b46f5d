/**
 * The corpus version: one short hash naming exactly what an index serves (the documents' file hashes, the chunker
 * version and the embedding model). Answer records carry it, so an answer can be traced to the index that produced it.
 */
import { createHash } from 'node:crypto';

export function computeCorpusVersion(options: {
  documents: { id: string; contentHash: string }[];
  chunkerVersion: string;
  embeddingModel: string;
}): string {
  const hash = createHash('sha256');
  hash.update(`chunker:${options.chunkerVersion}\nmodel:${options.embeddingModel}\n`);
  for (const document of [...options.documents].sort((left, right) => left.id.localeCompare(right.id))) {
    hash.update(`${document.id}:${document.contentHash}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

/** `provider:modelId`, the identity under which an embedding model's vectors are recorded. */
export function embeddingModelKey(model: { provider: string; modelId: string }): string {
  return `${model.provider}:${model.modelId}`;
}
