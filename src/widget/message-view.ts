/**
 * How a finished assistant message looks: the answer with citation chips and unsupported sentences marked, refusal
 * and error notices, the Sources list (or the closest sources for a refusal), and the copy and feedback actions.
 */
import { createMarkerSpanReader } from '../answer/cited-spans.js';
import { unsupportedSentenceTexts } from '../answer/unsupported-sentences.js';
import type { AssistantMessage } from './conversation.js';
import { element } from './dom.js';
import { icon } from './icons.js';
import { renderMarkdown } from './markdown.js';
import { formatDate, type PassageRequest } from './passage-viewer.js';
import type { Citation, SourcePassage } from './types.js';

export interface MessageHandlers {
  openPassage(request: PassageRequest, trigger: HTMLElement): void;
  retry(message: AssistantMessage): void;
  copy(message: AssistantMessage): void;
  sendFeedback(message: AssistantMessage, rating: 'up' | 'down', comment: string): Promise<boolean>;
  startCountdown(seconds: number, onTick: (secondsLeft: number) => void): void;
}

const refusalTitles: Record<string, string> = {
  insufficient_evidence: 'Not enough evidence in the sources',
  out_of_scope: 'Outside what this assistant covers',
};

export function citationRequest(citation: Citation): PassageRequest {
  return { ...citation };
}

function sourceRequest(source: SourcePassage): PassageRequest {
  return { ...source, snippet: source.snippet };
}

/** One citation per number, in marker order. */
export function uniqueCitations(citations: Citation[]): Citation[] {
  const byNumber = new Map<number, Citation>();
  for (const citation of citations) if (!byNumber.has(citation.n)) byNumber.set(citation.n, citation);
  return [...byNumber.values()].sort((left, right) => left.n - right.n);
}

export function renderAssistantMessage(
  document: Document,
  message: AssistantMessage,
  handlers: MessageHandlers,
): HTMLElement {
  const record = message.record;
  const citations = uniqueCitations(record?.citations ?? []);
  const byNumber = new Map(citations.map((citation) => [citation.n, citation]));
  // A chip opens its passage at the span that supports the sentence the chip sits in.
  const spanOfMarker = record ? createMarkerSpanReader(record) : () => undefined;
  const chip = (n: number): Node => {
    const citation = byNumber.get(n);
    const span = spanOfMarker(n);
    if (!citation) return element(document, 'span', { class: 'chip', text: String(n) });
    const button = element(document, 'button', {
      class: 'chip',
      text: String(n),
      attributes: { type: 'button', 'aria-label': `Source ${n}: ${citation.title}`, title: citation.title },
    });
    button.addEventListener('click', () => handlers.openPassage({ ...citationRequest(citation), ...span }, button));
    return button;
  };

  const bubble = element(document, 'div', { class: 'bubble' });
  const refusal = record && refusalTitles[record.status];
  if (refusal && record) {
    bubble.appendChild(
      element(document, 'div', { class: `notice ${record.status === 'out_of_scope' ? 'scope' : 'insufficient'}` }, [
        element(document, 'p', { class: 'notice-title' }, [icon(document, 'warning', 16), refusal]),
        element(document, 'p', {
          class: 'notice-text',
          text: record.reason || 'The indexed sources do not answer this question.',
        }),
      ]),
    );
  }

  const answerText = record ? record.answer : message.text;
  const showAnswer = answerText.trim() !== '' && !(refusal && answerText.trim() === (record?.reason ?? '').trim());
  if (showAnswer) {
    const unsupported = record ? unsupportedSentenceTexts(record) : [];
    bubble.appendChild(
      element(document, 'div', { class: 'answer' }, [
        renderMarkdown(document, answerText, { citation: chip, unsupported }),
      ]),
    );
  }
  if (message.state === 'stopped') {
    bubble.appendChild(
      element(document, 'p', {
        class: 'stopped-note',
        text: answerText.trim() ? 'Stopped before the answer was complete.' : 'Stopped.',
      }),
    );
  }
  if (message.state === 'error' && message.error) bubble.appendChild(errorNotice(document, message, handlers));

  if (citations.length > 0) {
    bubble.appendChild(
      sourceList(
        document,
        'Sources',
        citations.map((citation) => ({
          n: citation.n,
          title: citation.title,
          meta: [citation.publisher, citation.dateLine || formatDate(citation.published), citation.heading],
          type: citation.type,
          request: citationRequest(citation),
        })),
        handlers,
      ),
    );
  } else if (refusal && record && record.closestPassages.length > 0) {
    bubble.appendChild(
      sourceList(
        document,
        'Closest sources',
        record.closestPassages.slice(0, 5).map((source) => ({
          title: source.title,
          meta: [source.publisher, source.dateLine || formatDate(source.published), source.heading],
          type: source.type,
          snippet: source.snippet,
          request: sourceRequest(source),
        })),
        handlers,
      ),
    );
  }

  if (record && message.state === 'done') bubble.appendChild(actions(document, message, handlers));

  const classes = ['message', 'assistant', message.state === 'error' ? 'failed' : ''].join(' ').trim();
  return element(document, 'div', { class: classes, attributes: { 'data-message-id': message.id } }, [
    element(document, 'span', { class: 'sr-only', text: 'Assistant: ' }),
    bubble,
  ]);
}

interface SourceItem {
  n?: number;
  title: string;
  meta: (string | undefined)[];
  type?: string;
  snippet?: string;
  request: PassageRequest;
}

function sourceList(
  document: Document,
  title: string,
  items: SourceItem[],
  handlers: MessageHandlers,
): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const listId = `sources-${Math.random().toString(36).slice(2, 9)}`;
  fragment.append(
    element(document, 'p', { class: 'sources-title', text: title, attributes: { id: listId } }),
    element(
      document,
      'ol',
      { class: 'sources', attributes: { 'aria-labelledby': listId } },
      items.map((item) => {
        const open = element(document, 'button', {
          class: 'source-open',
          text: item.title,
          attributes: { type: 'button', 'aria-label': `${item.n ? `Source ${item.n}: ` : ''}${item.title}` },
        });
        open.addEventListener('click', () => handlers.openPassage(item.request, open));
        return element(document, 'li', { class: 'source' }, [
          item.n !== undefined &&
            element(document, 'span', { class: 'chip', text: String(item.n), attributes: { 'aria-hidden': 'true' } }),
          element(document, 'div', { class: 'source-body' }, [
            open,
            element(document, 'span', { class: 'source-meta' }, [
              item.type && element(document, 'span', { class: 'type', text: item.type }),
              item.type && ' ',
              item.meta.filter(Boolean).join(' · '),
            ]),
            item.snippet && element(document, 'span', { class: 'source-snippet', text: item.snippet }),
          ]),
        ]);
      }),
    ),
  );
  return fragment;
}

function errorNotice(document: Document, message: AssistantMessage, handlers: MessageHandlers): HTMLElement {
  const error = message.error!;
  const titles: Record<string, string> = {
    rate_limited: 'Please slow down a little',
    forbidden: 'Not available on this site',
    unavailable: 'The assistant is starting up',
    network: 'Connection problem',
  };
  const texts: Record<string, string> = {
    rate_limited: 'You have asked several questions in a short time.',
    forbidden: 'This site is not allowed to use the assistant. The site owner can add it to the widget key.',
    network: 'The assistant could not be reached. Check your connection and try again.',
  };
  const retry = element(document, 'button', { class: 'button retry', attributes: { type: 'button' } }, [
    icon(document, 'retry', 15),
    'Try again',
  ]);
  retry.addEventListener('click', () => handlers.retry(message));
  const text = element(document, 'p', { class: 'notice-text', text: texts[error.kind] ?? error.message });
  if (error.kind === 'rate_limited' && error.retryAfterSeconds) {
    const base = texts.rate_limited!;
    handlers.startCountdown(error.retryAfterSeconds, (secondsLeft) => {
      retry.disabled = secondsLeft > 0;
      text.textContent =
        secondsLeft > 0 ? `${base} You can ask again in ${secondsLeft} s.` : `${base} You can ask again now.`;
    });
  }
  return element(document, 'div', { class: 'notice error', attributes: { role: 'alert' } }, [
    element(document, 'p', { class: 'notice-title' }, [
      icon(document, 'warning', 16),
      titles[error.kind] ?? 'The assistant could not answer',
    ]),
    text,
    error.kind !== 'forbidden' && retry,
  ]);
}

function actions(document: Document, message: AssistantMessage, handlers: MessageHandlers): HTMLElement {
  const bar = element(document, 'div', {
    class: 'actions',
    attributes: { role: 'group', 'aria-label': 'Answer actions' },
  });
  const wrapper = element(document, 'div', {}, [bar]);
  const copy = actionButton(document, 'copy', 'Copy the answer with its sources', () => handlers.copy(message));
  const note = element(document, 'span', { class: 'note', attributes: { 'aria-live': 'polite' } });
  const rate = (rating: 'up' | 'down', label: string) => {
    const button = actionButton(document, rating, label, () => {
      for (const other of bar.querySelectorAll('[aria-pressed]')) other.setAttribute('aria-pressed', 'false');
      button.setAttribute('aria-pressed', 'true');
      showFeedbackForm(document, wrapper, message, rating, handlers, note);
    });
    button.setAttribute('aria-pressed', String(message.feedback === rating));
    if (message.feedback) button.disabled = true;
    return button;
  };
  bar.append(copy, rate('up', 'Helpful answer'), rate('down', 'Unhelpful answer'), note);
  if (message.feedback) note.textContent = 'Thanks for the feedback.';
  return wrapper;
}

function actionButton(document: Document, name: 'copy' | 'up' | 'down', label: string, onClick: () => void) {
  return element(
    document,
    'button',
    { class: 'icon-button', attributes: { type: 'button', 'aria-label': label, title: label }, on: { click: onClick } },
    [icon(document, name, 16)],
  );
}

function showFeedbackForm(
  document: Document,
  wrapper: HTMLElement,
  message: AssistantMessage,
  rating: 'up' | 'down',
  handlers: MessageHandlers,
  note: HTMLElement,
): void {
  wrapper.querySelector('.feedback-form')?.remove();
  const fieldId = `feedback-${message.id}`;
  const comment = element(document, 'textarea', { attributes: { id: fieldId, maxlength: '2000' } });
  const send = element(document, 'button', {
    class: 'button primary',
    text: 'Send feedback',
    attributes: { type: 'submit' },
  });
  const cancel = element(document, 'button', { class: 'button', text: 'Cancel', attributes: { type: 'button' } });
  const form = element(document, 'form', { class: 'feedback-form', attributes: { 'aria-label': 'Feedback' } }, [
    element(document, 'label', {
      text: rating === 'up' ? 'What was useful? (optional)' : 'What was wrong or missing? (optional)',
      attributes: { for: fieldId },
    }),
    comment,
    element(document, 'div', { class: 'row' }, [cancel, send]),
  ]);
  cancel.addEventListener('click', () => {
    form.remove();
    for (const button of wrapper.querySelectorAll('[aria-pressed]')) button.setAttribute('aria-pressed', 'false');
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    send.disabled = true;
    const sent = await handlers.sendFeedback(message, rating, comment.value.trim());
    if (sent) {
      form.remove();
      note.textContent = 'Thanks for the feedback.';
      for (const button of wrapper.querySelectorAll<HTMLButtonElement>('.actions [aria-pressed]'))
        button.disabled = true;
    } else {
      send.disabled = false;
      note.textContent = 'The feedback could not be sent; please try again.';
    }
  });
  wrapper.appendChild(form);
  comment.focus();
}

/** The answer as plain text with numbered sources, for the clipboard. */
export function citationsText(message: AssistantMessage): string {
  const record = message.record;
  const answer = (record?.answer ?? message.text).trim();
  const citations = uniqueCitations(record?.citations ?? []);
  if (citations.length === 0) return answer;
  const lines = citations.map((citation) => {
    const details = [citation.publisher, citation.dateLine || citation.published, citation.heading]
      .filter(Boolean)
      .join(', ');
    return `[${citation.n}] ${citation.title}${details ? ` (${details})` : ''}${citation.url ? ` ${citation.url}` : ''}`;
  });
  return `${answer}\n\nSources:\n${lines.join('\n')}`;
}
