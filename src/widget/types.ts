/** The server's answer contract as the widget sees it (types only: nothing from the server is bundled). */
export type { AnswerRecord, Citation, SentenceSupport, SourcePassage } from '../answer/record.js';

/** `GET /api/passages/:id` returns `{ passage }` with at least these fields. */
export interface PassageView {
  id: string;
  documentId: string;
  heading: string;
  text: string;
  start: number;
  end: number;
  title: string;
  publisher: string;
  url: string;
  jurisdiction: string;
  type: string;
  published: string;
}
