/**
 * The answer record as a page a person can read (`GET /answers/:id`, where CSV, XLSX and Slack links point): the
 * question, status, the answer with its `[n]` markers linked to the sources below, unsupported sentences marked, each
 * source with its quote and link, and model, corpus version and date. The answer is rendered by the widget's own
 * Markdown renderer into a server-side DOM (linkedom), so the rules are the widget's: text enters only as text nodes,
 * links only as http(s). The page runs no script; its Content-Security-Policy forbids any.
 */
import { parseHTML } from 'linkedom';
import { createMarkerSpanReader, spansOfCitation } from '../answer/cited-spans.js';
import type { AnswerRecord } from '../answer/record.js';
import { element, externalLink, safeUrl, type Child } from '../widget/dom.js';
import { renderMarkdown } from '../widget/markdown.js';

export const answerPageSecurityPolicy =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const statusLabels: Record<AnswerRecord['status'], string> = {
  answered: 'Answered',
  insufficient_evidence: 'Not enough evidence in the corpus',
  out_of_scope: 'Out of scope',
  error: 'Error',
};

const styles = `
body { font: 16px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2937; background: #f8fafc; margin: 0; }
main { max-width: 46rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
h1 { font-size: 1.45rem; line-height: 1.3; margin: 0 0 .75rem; }
h2 { font-size: 1.05rem; margin: 2rem 0 .5rem; }
.status { display: inline-block; padding: .15rem .6rem; border-radius: 999px; font-size: .85rem; font-weight: 600; }
.status-answered { background: #dcfce7; color: #166534; }
.status-other { background: #fef3c7; color: #92400e; }
.answer { background: #fff; border: 1px solid #e5e7eb; border-radius: .75rem; padding: 1rem 1.25rem; margin-top: 1rem; }
.citation { font-size: .75em; vertical-align: super; text-decoration: none; color: #1d4ed8; margin-left: 1px; }
.unsupported { background: #fef2f2; text-decoration: underline wavy #dc2626; }
.unsupported-flag { font-size: .7rem; color: #b91c1c; margin-left: .3rem; text-transform: uppercase; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
.reason { color: #92400e; }
ol.sources { padding-left: 1.4rem; }
ol.sources li { margin-bottom: 1rem; }
blockquote { margin: .35rem 0; padding: .35rem .8rem; border-left: 3px solid #93c5fd; background: #eff6ff; }
.meta { color: #6b7280; font-size: .85rem; }
dl.details { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; font-size: .9rem; }
dt { color: #6b7280; }
a { color: #1d4ed8; }
`;

export function renderAnswerPage(record: AnswerRecord, options: { jsonUrl: string }): string {
  const { document } = parseHTML('<!doctype html><html lang="en"><head></head><body></body></html>');
  const el = (tag: keyof HTMLElementTagNameMap, attributes: Record<string, string> = {}, children: Child[] = []) =>
    element(document, tag, { attributes }, children);

  document.head.append(
    el('meta', { charset: 'utf-8' }),
    el('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
    el('meta', { name: 'referrer', content: 'no-referrer' }),
    element(document, 'title', { text: `${record.question} — diligence answer` }),
    element(document, 'style', { text: styles }),
  );

  // Each marker's tooltip is the span that supports its own sentence; the source below lists every span it stands for.
  const spanOfMarker = createMarkerSpanReader(record);
  const citation = (n: number) => {
    const span = spanOfMarker(n);
    return element(document, 'a', {
      class: 'citation',
      text: `[${n}]`,
      attributes: { href: `#source-${n}`, ...(span ? { title: span.quote } : {}) },
    });
  };
  const unsupported = record.sentences.filter((sentence) => !sentence.supported).map((sentence) => sentence.text);
  const answerText = record.answer.trim();
  const showAnswer = answerText !== '' && answerText !== (record.reason ?? '').trim();

  const main = el('main', {}, [
    element(document, 'h1', { text: record.question }),
    element(document, 'span', {
      class: `status ${record.status === 'answered' ? 'status-answered' : 'status-other'}`,
      text: statusLabels[record.status],
    }),
    record.status !== 'answered' && record.reason
      ? element(document, 'p', { class: 'reason', text: record.reason })
      : null,
    showAnswer
      ? element(document, 'div', { class: 'answer' }, [renderMarkdown(document, answerText, { citation, unsupported })])
      : null,
    record.unsupportedSentences > 0
      ? element(document, 'p', {
          class: 'reason',
          text: `${record.unsupportedSentences} sentence(s) are not supported by the cited sources and are marked.`,
        })
      : null,
  ]);

  if (record.citations.length > 0) {
    main.append(element(document, 'h2', { text: 'Sources' }));
    const list = el('ol', { class: 'sources' });
    for (const item of record.citations) {
      const href = safeUrl(item.url);
      list.append(
        element(document, 'li', { attributes: { id: `source-${item.n}`, value: String(item.n) } }, [
          href ? externalLink(document, href, item.title) : element(document, 'strong', { text: item.title }),
          element(document, 'div', {
            class: 'meta',
            text: [item.publisher, item.published, item.heading].filter(Boolean).join(' · '),
          }),
          ...spansOfCitation(record, item.n).map((span) => element(document, 'blockquote', { text: span.quote })),
        ]),
      );
    }
    main.append(list);
  } else if (record.closestPassages.length > 0) {
    main.append(element(document, 'h2', { text: 'What the corpus does have' }));
    const list = el('ul', { class: 'sources' });
    for (const passage of record.closestPassages) {
      const href = safeUrl(passage.url);
      list.append(
        element(document, 'li', {}, [
          href ? externalLink(document, href, passage.title) : element(document, 'strong', { text: passage.title }),
          element(document, 'div', {
            class: 'meta',
            text: [passage.publisher, passage.published, passage.heading].filter(Boolean).join(' · '),
          }),
        ]),
      );
    }
    main.append(list);
  }

  main.append(
    element(document, 'h2', { text: 'Details' }),
    el('dl', { class: 'details' }, [
      ...detail(document, 'Answered', formatDate(record.createdAt)),
      ...detail(
        document,
        'Model',
        record.fallback ? `${record.model} (fallback from ${record.fallback.from})` : record.model,
      ),
      ...detail(document, 'Corpus version', record.corpusVersion),
      ...detail(document, 'Prompt version', record.promptVersion),
      ...detail(document, 'Answer id', record.id),
    ]),
    element(document, 'p', { class: 'meta' }, [
      element(document, 'a', { text: 'This answer as JSON', attributes: { href: options.jsonUrl } }),
    ]),
  );
  document.body.append(main);
  return `<!doctype html>\n${document.documentElement.outerHTML}`;
}

function detail(document: Document, term: string, value: string): Node[] {
  return [element(document, 'dt', { text: term }), element(document, 'dd', { text: value })];
}

function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
