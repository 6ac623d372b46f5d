/**
 * The text the full-text index sees, and the same treatment for queries.
 *
 * LanceDB's `simple` tokenizer splits on non-alphanumeric characters, so a run of Chinese (or Japanese, Korean)
 * characters, which has no spaces, becomes one giant token that no query ever matches. Both sides therefore rewrite
 * each CJK run as overlapping character bigrams ("数据出境" → "数据 据出 出境"), the standard approach for CJK search
 * without a dictionary. A lone CJK character stays as it is.
 *
 * Passages are indexed with their title and heading path in front of the text: many questions name the law or the
 * article ("PIPL Article 38") rather than words of its body.
 */
import { splitCjk } from '../text/cjk.js';

export { splitCjk } from '../text/cjk.js';

/** The indexed search column of a passage: title, heading path and text, CJK split into bigrams. */
export function passageSearchText(passage: { title: string; heading: string; text: string }): string {
  const heading = passage.heading.startsWith(passage.title) ? passage.heading : `${passage.title} › ${passage.heading}`;
  return splitCjk(`${heading}\n${passage.text}`);
}

/**
 * A user query as the full-text index should see it. Quotes and query-syntax characters are dropped: the index is
 * built without positions (phrase queries would fail) and every query is a plain OR of terms ranked by BM25.
 */
export function fulltextQueryText(query: string): string {
  return splitCjk(query.replace(/["'`^~*:()[\]{}\\/+\-!?]/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}
