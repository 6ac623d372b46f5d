/** The Porter2 stemmer (the English Snowball stemmer LanceDB's analyser uses), for the bench's MiniSearch peer. */
declare module 'wink-porter2-stemmer' {
  export default function stem(word: string): string;
}
