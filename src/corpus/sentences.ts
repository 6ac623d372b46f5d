/** The sentence splitter lives in the shared text module. */
export { splitSentences, type SentenceSpan } from '../text/sentences.js';
