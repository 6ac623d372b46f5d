/**
 * A question that sets a scene before it asks ("We run harbour logistics software. Does the act apply to us?"): the
 * sentences that ask (ending with "?") say what the answer must be about; the others say who asks and what happened.
 */
export interface QuestionSentences {
  asking: string[];
  scene: string[];
}

/** The asking and the scene-setting sentences; undefined for a question that is all asking or all statement. */
export function askingAndScene(question: string): QuestionSentences | undefined {
  const sentences = question.split(/(?<=[.!?])\s+(?=\p{Lu})/u).filter((sentence) => sentence.trim() !== '');
  const asking = sentences.filter((sentence) => sentence.trim().endsWith('?'));
  if (asking.length === 0 || asking.length === sentences.length) return undefined;
  return { asking, scene: sentences.filter((sentence) => !asking.includes(sentence)) };
}
