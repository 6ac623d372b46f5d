/** The Porter2 stemmer: the English Snowball stemmer LanceDB's full-text analyser uses. */
declare module 'wink-porter2-stemmer' {
  export default function stem(word: string): string;
}
