/** The deepest result list retrieval serves (src/retrieve caps `k` at 100). */
export const maxSearchDepth = 100;
