/** The legal-citation reader lives in the shared text module. */
export { citedAnchors, findCitations } from '../text/legal-citations.js';
