/**
 * What a model id may look like: `local`, `local:<variant>` or `openai:<model>`. Without dependencies, so the config
 * schema and request validation can check ids without loading any model code.
 */

export const modelIdPattern = /^(local(:[a-z0-9-]+)?|openai:[^\s]+)$/;

export function isLocalModelId(modelId: string): boolean {
  return modelId === 'local' || modelId.startsWith('local:');
}

/** The reason `modelId` is not a model id, or undefined when it is one. */
export function checkModelId(modelId: string): string | undefined {
  return modelIdPattern.test(modelId) ? undefined : `Unknown model "${modelId}": use "local" or "openai:<model>".`;
}
