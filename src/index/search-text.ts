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
import { headingSeparator } from '../text/headings.js';
import { splitCjk } from '../text/cjk.js';

export { splitCjk } from '../text/cjk.js';

/** The indexed search column of a passage: title, heading path and text, CJK split into bigrams. */
export function passageSearchText(passage: { title: string; heading: string; text: string }): string {
  return splitCjk(`${headingPath(passage)}\n${passage.text}`);
}

/** The heading path a passage is indexed under: the document title leads it, as in the search column. */
function headingPath(passage: { title: string; heading: string }): string {
  return passage.heading.startsWith(passage.title) ? passage.heading : `${passage.title} › ${passage.heading}`;
}

/**
 * The fields of a passage that can be weighted on their own, beside the search column that holds them all: the
 * document's names (title, and the short title that leads its heading paths) and the heading path below them
 * ("Chapter III › Article 38 Cross-border provision"), which is empty for a document without headings.
 */
export function passageFieldTexts(passage: { title: string; heading: string }): { title: string; heading: string } {
  const [shortTitle = '', ...below] = passage.heading.split(headingSeparator);
  const names = shortTitle.trim() === passage.title.trim() ? passage.title : `${passage.title} ${shortTitle}`;
  return { title: splitCjk(names), heading: splitCjk(below.join(headingSeparator)) };
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
