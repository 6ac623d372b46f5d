/**
 * PDF files. Text is extracted page by page with unpdf; pages are joined with a blank line and every unit is cut at
 * page boundaries so each passage records the page it comes from. Heading-like lines (as in plain text) delimit
 * units; a PDF without any is cut into one unit per page (`page-1`, `page-2`, ...).
 */
import { extractText, getDocumentProxy, getMeta } from 'unpdf';
import { fail, ok, type Result } from '../errors.js';
import { validatePartialFrontMatter } from './front-matter.js';
import type { ParsedDocument, ReaderInput } from './parsed-document.js';
import { fileNameId, guessLanguage, textHeadings } from './plain-text.js';
import { buildSections, type PageRange } from './sections.js';
import { trimSpan } from '../text/spans.js';
import type { DocumentSection } from './types.js';
import { countWords } from '../text/words.js';

const pageSeparator = '\n\n';

function pdfDate(value: unknown): string | undefined {
  // PDF dates look like D:20240131120000Z.
  const match = typeof value === 'string' ? /^D:(\d{4})(\d{2})(\d{2})/.exec(value) : null;
  return match ? `${match[1]}-${match[2]}-${match[3]}` : undefined;
}

export async function readPdf(input: ReaderInput): Promise<Result<ParsedDocument, string>> {
  let pageTexts: string[];
  let info: Record<string, unknown> = {};
  try {
    // pdf.js may transfer (detach) the buffer it is given, so it gets its own copy.
    const proxy = await getDocumentProxy(new Uint8Array(input.bytes), { verbosity: 0 });
    try {
      pageTexts = (await extractText(proxy, { mergePages: false })).text;
      info = ((await getMeta(proxy)).info as Record<string, unknown> | undefined) ?? {};
    } finally {
      await proxy.destroy();
    }
  } catch (error) {
    return fail(`not a readable PDF: ${error instanceof Error ? error.message : String(error)}`);
  }

  let text = '';
  const pages: PageRange[] = [];
  pageTexts.forEach((pageText, index) => {
    if (index > 0) text += pageSeparator;
    const start = text.length;
    text += pageText.replace(/\r\n?/g, '\n');
    pages.push({ page: index + 1, start, end: text.length });
  });
  if (countWords(text) === 0) return fail('the PDF has no extractable text (scanned images need OCR first)');

  const firstLine = text.split('\n').find((line) => line.trim() !== '')?.trim() ?? '';
  const title = typeof info.Title === 'string' && info.Title.trim() !== '' ? info.Title.trim() : firstLine;
  const metadata = validatePartialFrontMatter(
    {},
    {
      id: fileNameId(input.fileName),
      title: title.slice(0, 200),
      language: guessLanguage(text),
      publisher: typeof info.Author === 'string' ? info.Author.trim() : undefined,
      published: pdfDate(info.CreationDate),
    },
  );
  if (!metadata.ok) return metadata;

  const headings = textHeadings(text);
  if (headings.length === 0) {
    const sections: DocumentSection[] = pages
      .map((page) => ({ anchor: `page-${page.page}`, headings: [], page: page.page, ...trimSpan(text, page.start, page.end) }))
      .filter((section) => section.end > section.start);
    return ok({ metadata: metadata.value, text, sections });
  }
  const sections = buildSections(text, headings, { pages, firstLineIsTitle: true });
  if (!sections.ok) return sections;
  return ok({ metadata: metadata.value, text, sections: sections.value });
}
