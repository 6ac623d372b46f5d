/** The server's answer contract as the widget sees it (types only: nothing from the server is bundled). */
import type { Passage } from '../corpus/types.js';

export type { AnswerRecord, Citation, SentenceSupport, SourcePassage } from '../answer/record.js';

/** `GET /api/passages/:id` returns `{ passage }`; the viewer reads these fields of it. */
export type PassageView = Pick<
  Passage,
  | 'id'
  | 'documentId'
  | 'heading'
  | 'text'
  | 'start'
  | 'end'
  | 'title'
  | 'publisher'
  | 'url'
  | 'jurisdiction'
  | 'type'
  | 'published'
>;
