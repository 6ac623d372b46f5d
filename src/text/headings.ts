/** Heading paths: a passage's headings from the document title down, joined by one separator. */

/** "PIPL › Chapter III › Article 38". */
export const headingSeparator = ' › ';
