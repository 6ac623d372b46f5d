/** The shipped corpus' field vocabulary (corpus/field-vocabulary.yaml), for tests of what it drives. */
import { loadFieldVocabulary } from '../../src/answer/field-vocabulary.js';

export const shippedVocabulary = await loadFieldVocabulary(new URL('../../corpus', import.meta.url).pathname);
