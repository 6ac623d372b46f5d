/** The tokeniser and stop words live in the shared text module. */
export { hanBigrams, stopWords, tokenize, type Token } from '../../text/tokens.js';
