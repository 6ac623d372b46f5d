/** Word counting lives in the shared text module. */
export { cjkCharactersPerWord, cjkShare, countWords } from '../text/words.js';
