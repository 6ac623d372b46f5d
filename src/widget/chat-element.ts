/**
 * The `<diligence-chat>` custom element: launcher or inline chat in a shadow root, streaming cited answers from
 * `/api/chat`, with the passage viewer, feedback, copy, stop, retry and a conversation kept in sessionStorage.
 */
import { createClient, WidgetError, type WidgetClient } from './client.js';
import {
  clearConversation,
  historyBefore,
  loadConversation,
  newConversation,
  randomId,
  saveConversation,
  type AssistantMessage,
  type Conversation,
  type Message,
} from './conversation.js';
import { append, element } from './dom.js';
import { icon } from './icons.js';
import { renderMarkdown } from './markdown.js';
import { renderPassageViewer, renderViewerError, renderViewerLoading, type PassageRequest } from './passage-viewer.js';
import { citationsText, renderAssistantMessage, type MessageHandlers } from './message-view.js';
import { styles } from './styles.js';
import type { AnswerRecord } from './types.js';

export const elementName = 'diligence-chat';

const defaults = {
  title: 'Vendor risk assistant',
  subtitle: 'Cited answers from regulatory and news sources',
  greeting:
    'Ask about a cloud or AI vendor’s security, legal and data-protection risk. Every answer cites the passages it relies on.',
  placeholder: 'Ask about a vendor…',
};

const phaseLabels: Record<string, string> = {
  retrieving: 'Searching the sources…',
  generating: 'Writing the answer…',
  verifying: 'Checking the citations…',
};

export function defineChatElement(defaultApiBase: string): void {
  if (customElements.get(elementName)) return;

  class DiligenceChat extends HTMLElement {
    static observedAttributes = ['chat-title', 'subtitle', 'greeting', 'placeholder', 'theme', 'accent', 'position'];

    private built = false;
    private readonly shadow: ShadowRoot;
    private client!: WidgetClient;
    private storageKey = '';
    private conversation: Conversation = newConversation();
    private controller?: AbortController;
    private phase = '';
    private renderScheduled = false;
    private viewerTrigger?: HTMLElement;
    private retryTimer?: ReturnType<typeof setInterval>;

    // Parts of the shadow tree.
    private root!: HTMLDivElement;
    private launcher?: HTMLButtonElement;
    private panel!: HTMLElement;
    private titleNode!: HTMLHeadingElement;
    private subtitleNode!: HTMLParagraphElement;
    private messages!: HTMLDivElement;
    private status!: HTMLDivElement;
    private input!: HTMLTextAreaElement;
    private sendButton!: HTMLButtonElement;
    private viewer!: HTMLDivElement;

    constructor() {
      super();
      this.shadow = this.attachShadow({ mode: 'open' });
    }

    connectedCallback(): void {
      if (this.built) return;
      this.built = true;
      const apiBase = this.getAttribute('api') || defaultApiBase;
      const widgetKey = this.getAttribute('key') || undefined;
      this.client = createClient({ apiBase, widgetKey });
      this.storageKey = `diligence-chat:${apiBase}:${widgetKey ?? 'open'}`;
      this.conversation = loadConversation(this.storage(), this.storageKey) ?? newConversation();
      this.build();
      this.renderAll();
      const wasOpen = this.storage()?.getItem(`${this.storageKey}:open`) === '1';
      if (this.isLauncher && (wasOpen || this.hasAttribute('open'))) this.open({ focus: false });
    }

    attributeChangedCallback(): void {
      if (this.built) this.applySettings();
    }

    // Public API for host pages: element.ask('…'), element.open(), element.close(), element.reset().

    ask(question: string): void {
      const text = question.trim();
      if (!text) return;
      if (this.isLauncher) this.open({ focus: false });
      if (this.controller) this.controller.abort();
      const user: Message = { role: 'user', id: randomId(), text };
      const assistant: AssistantMessage = {
        role: 'assistant',
        id: randomId(),
        question: text,
        text: '',
        state: 'streaming',
      };
      this.conversation.messages.push(user, assistant);
      this.save();
      this.renderAll();
      void this.run(assistant);
    }

    open(options: { focus?: boolean } = {}): void {
      if (!this.isLauncher) return;
      this.panel.hidden = false;
      this.root.classList.add('open');
      this.launcher?.replaceChildren(icon(this.ownerDocument, 'close', 22));
      this.launcher?.setAttribute('aria-label', `Close ${this.titleNode.textContent ?? ''}`);
      this.launcher?.setAttribute('aria-expanded', 'true');
      this.storage()?.setItem(`${this.storageKey}:open`, '1');
      this.scrollToEnd();
      if (options.focus !== false) this.input.focus();
    }

    close(): void {
      if (!this.isLauncher) return;
      this.closeViewer();
      this.panel.hidden = true;
      this.root.classList.remove('open');
      this.launcher?.replaceChildren(...this.launcherContent());
      this.launcher?.setAttribute('aria-label', `Open ${this.titleNode.textContent ?? ''}`);
      this.launcher?.setAttribute('aria-expanded', 'false');
      this.storage()?.removeItem(`${this.storageKey}:open`);
      this.launcher?.focus();
    }

    reset(): void {
      this.controller?.abort();
      this.conversation = newConversation();
      clearConversation(this.storage(), this.storageKey);
      this.renderAll();
      this.announce('Started a new conversation.');
      this.input.focus();
    }

    private get isLauncher(): boolean {
      return (this.getAttribute('mode') ?? 'launcher') !== 'inline';
    }

    private storage(): Storage | undefined {
      try {
        return window.sessionStorage;
      } catch {
        return undefined;
      }
    }

    private save(): void {
      saveConversation(this.storage(), this.storageKey, this.conversation);
    }

    private build(): void {
      const document = this.ownerDocument;
      const style = element(document, 'style', { text: styles });
      this.root = element(document, 'div', { class: `root ${this.isLauncher ? 'launcher-mode' : 'inline-mode'}` });
      const panelId = 'diligence-chat-panel';
      if (this.isLauncher) {
        this.launcher = element(
          document,
          'button',
          {
            class: 'launcher',
            attributes: { type: 'button', 'aria-expanded': 'false', 'aria-controls': panelId },
            on: { click: () => (this.panel.hidden ? this.open() : this.close()) },
          },
          this.launcherContent(),
        );
      }
      this.titleNode = element(document, 'h2', { class: 'title', attributes: { id: 'diligence-chat-title' } });
      this.subtitleNode = element(document, 'p', { class: 'subtitle' });
      const header = element(document, 'div', { class: 'header' }, [
        element(document, 'span', { class: 'logo' }, [icon(document, 'shield', 20)]),
        element(document, 'div', { class: 'heading' }, [this.titleNode, this.subtitleNode]),
        this.iconButton('reset', 'Start a new conversation', () => this.reset()),
        this.isLauncher && this.iconButton('close', 'Close the assistant', () => this.close()),
      ]);
      this.messages = element(document, 'div', {
        class: 'messages',
        attributes: { role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation', tabindex: '0' },
      });
      this.status = element(document, 'div', {
        class: 'sr-only',
        attributes: { role: 'status', 'aria-live': 'polite' },
      });
      this.input = element(document, 'textarea', {
        class: 'input',
        attributes: { id: 'diligence-chat-input', rows: '1', maxlength: '2000', 'aria-label': 'Your question' },
        on: {
          keydown: (event) => {
            if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
              event.preventDefault();
              this.submit();
            }
          },
          input: () => this.resizeInput(),
        },
      });
      this.sendButton = element(document, 'button', { class: 'send', attributes: { type: 'submit' } });
      const composer = element(
        document,
        'form',
        {
          class: 'composer',
          on: {
            submit: (event) => {
              event.preventDefault();
              this.submit();
            },
          },
        },
        [this.input, this.sendButton],
      );
      const footer = element(document, 'div', { class: 'footer' }, [
        element(document, 'span', { text: 'Answers come only from the indexed sources. Check the citations.' }),
      ]);
      this.viewer = element(document, 'div', {
        class: 'viewer',
        attributes: { role: 'dialog', 'aria-modal': 'true', hidden: '' },
        on: { keydown: (event) => this.trapViewerFocus(event) },
      });
      this.panel = element(
        document,
        'section',
        {
          class: 'panel',
          attributes: { id: panelId, 'aria-labelledby': 'diligence-chat-title' },
          on: {
            keydown: (event) => {
              if (event.key !== 'Escape') return;
              if (!this.viewer.hidden) this.closeViewer();
              else if (this.isLauncher) this.close();
            },
          },
        },
        [header, this.messages, this.status, composer, footer, this.viewer],
      );
      if (this.isLauncher) this.panel.hidden = true;
      append(this.root, [this.launcher, this.panel]);
      this.shadow.replaceChildren(style, this.root);
      this.applySettings();
      this.updateComposer();
    }

    private applySettings(): void {
      const theme = this.getAttribute('theme') ?? 'light';
      const dark =
        theme === 'dark' || (theme === 'auto' && window.matchMedia?.('(prefers-color-scheme: dark)').matches === true);
      this.root.classList.toggle('dark', dark);
      this.root.classList.toggle('left', this.getAttribute('position') === 'bottom-left');
      const accent = this.getAttribute('accent');
      if (accent && CSS.supports('color', accent)) this.style.setProperty('--dc-accent', accent);
      const title = this.getAttribute('chat-title') || defaults.title;
      this.titleNode.textContent = title;
      this.subtitleNode.textContent = this.getAttribute('subtitle') ?? defaults.subtitle;
      this.input.placeholder = this.getAttribute('placeholder') || defaults.placeholder;
      const expanded = this.launcher?.getAttribute('aria-expanded') === 'true';
      this.launcher?.setAttribute('aria-label', `${expanded ? 'Close' : 'Open'} ${title}`);
    }

    private iconButton(name: Parameters<typeof icon>[1], label: string, onClick: () => void): HTMLButtonElement {
      return element(
        this.ownerDocument,
        'button',
        {
          class: 'icon-button',
          attributes: { type: 'button', 'aria-label': label, title: label },
          on: { click: onClick },
        },
        [icon(this.ownerDocument, name)],
      );
    }

    private launcherContent(): Node[] {
      const document = this.ownerDocument;
      return [icon(document, 'chat', 22), element(document, 'span', { class: 'launcher-label', text: 'Ask' })];
    }

    private submit(): void {
      if (this.controller) {
        this.controller.abort();
        return;
      }
      const question = this.input.value.trim();
      if (!question) return;
      this.input.value = '';
      this.resizeInput();
      this.ask(question);
    }

    private resizeInput(): void {
      this.input.style.height = 'auto';
      this.input.style.height = `${Math.min(this.input.scrollHeight, 120)}px`;
    }

    private updateComposer(): void {
      const busy = this.controller !== undefined;
      this.sendButton.replaceChildren(icon(this.ownerDocument, busy ? 'stop' : 'send', 18));
      this.sendButton.classList.toggle('stop', busy);
      this.sendButton.setAttribute('aria-label', busy ? 'Stop the answer' : 'Send the question');
      this.sendButton.title = busy ? 'Stop' : 'Send';
      this.messages.setAttribute('aria-busy', busy ? 'true' : 'false');
    }

    private async run(message: AssistantMessage): Promise<void> {
      const controller = new AbortController();
      this.controller = controller;
      this.phase = phaseLabels.retrieving!;
      this.updateComposer();
      this.announce(this.phase);
      try {
        const turns = historyBefore(this.conversation, message.id);
        for await (const chunk of this.client.chat({
          conversationId: this.conversation.id,
          turns,
          signal: controller.signal,
        })) {
          if (chunk.type === 'text-delta' && typeof chunk.delta === 'string') {
            message.text += chunk.delta;
            this.scheduleStreamRender(message);
          } else if (chunk.type === 'start' && chunk.messageId !== undefined) {
            // The server starts the message afresh when what streamed was not the answer (a failed attempt).
            message.text = '';
            this.scheduleStreamRender(message);
          } else if (chunk.type === 'data-answer') {
            message.record = chunk.data as AnswerRecord;
          } else if (chunk.type === 'data-status') {
            const phase = (chunk.data as { phase?: string } | undefined)?.phase ?? '';
            if (phaseLabels[phase]) this.phase = phaseLabels[phase]!;
            this.scheduleStreamRender(message);
          } else if (chunk.type === 'error') {
            throw new WidgetError('server', String(chunk.errorText ?? 'The assistant failed to answer.'));
          }
        }
        if (message.record?.status === 'error') {
          throw new WidgetError('server', message.record.reason ?? 'The assistant failed to answer.');
        }
        if (!message.record && message.text.trim() === '') {
          throw new WidgetError('network', 'The answer ended before anything arrived.');
        }
        message.state = 'done';
        if (message.record) message.text = message.record.answer;
        this.announce(answerAnnouncement(message));
      } catch (error) {
        const widgetError =
          error instanceof WidgetError ? error : new WidgetError('server', 'The assistant failed to answer.');
        if (widgetError.kind === 'aborted' || controller.signal.aborted) {
          message.state = 'stopped';
          this.announce('Answer stopped.');
        } else {
          message.state = 'error';
          message.error = {
            kind: widgetError.kind,
            message: widgetError.message,
            retryAfterSeconds: widgetError.retryAfterSeconds,
          };
          this.announce(errorTitle(message.error.kind));
        }
      } finally {
        if (this.controller === controller) this.controller = undefined;
        this.updateComposer();
        // A reset during the answer dropped this message: nothing to save or show.
        if (this.conversation.messages.includes(message)) {
          this.save();
          this.replaceMessage(message);
        }
      }
    }

    private scheduleStreamRender(message: AssistantMessage): void {
      if (this.renderScheduled) return;
      this.renderScheduled = true;
      requestAnimationFrame(() => {
        this.renderScheduled = false;
        if (message.state === 'streaming') this.replaceMessage(message);
      });
    }

    private renderAll(): void {
      const nodes: Node[] = [this.greeting()];
      for (const message of this.conversation.messages) nodes.push(this.renderMessage(message));
      this.messages.replaceChildren(...nodes);
      this.scrollToEnd();
    }

    private greeting(): HTMLElement {
      const document = this.ownerDocument;
      const suggestions = (this.getAttribute('suggestions') ?? '')
        .split('|')
        .map((item) => item.trim())
        .filter(Boolean);
      const showSuggestions = this.conversation.messages.length === 0 && suggestions.length > 0;
      return element(document, 'div', { class: 'message assistant greeting' }, [
        element(document, 'div', { class: 'bubble' }, [
          element(document, 'p', { text: this.getAttribute('greeting') || defaults.greeting, attributes: {} }),
          showSuggestions &&
            element(
              document,
              'div',
              { class: 'suggestions', attributes: { role: 'group', 'aria-label': 'Example questions' } },
              suggestions.map((question) =>
                element(document, 'button', {
                  class: 'suggestion',
                  text: question,
                  attributes: { type: 'button' },
                  on: { click: () => this.ask(question) },
                }),
              ),
            ),
        ]),
      ]);
    }

    private renderMessage(message: Message): HTMLElement {
      const document = this.ownerDocument;
      if (message.role === 'user') {
        return element(document, 'div', { class: 'message user', attributes: { 'data-message-id': message.id } }, [
          element(document, 'span', { class: 'sr-only', text: 'You asked: ' }),
          element(document, 'div', { class: 'bubble', text: message.text }),
        ]);
      }
      if (message.state === 'streaming') return this.renderStreaming(message);
      return renderAssistantMessage(document, message, this.handlers);
    }

    private renderStreaming(message: AssistantMessage): HTMLElement {
      const document = this.ownerDocument;
      const body =
        message.text === ''
          ? element(document, 'div', { class: 'thinking' }, [
              element(document, 'span', { class: 'dots', attributes: { 'aria-hidden': 'true' } }, [
                element(document, 'span'),
                element(document, 'span'),
                element(document, 'span'),
              ]),
              element(document, 'span', { text: this.phase }),
            ])
          : element(document, 'div', { class: 'answer' }, [
              renderMarkdown(document, message.text, {
                citation: (n) => element(document, 'span', { class: 'chip', text: String(n) }),
              }),
            ]);
      return element(
        document,
        'div',
        { class: 'message assistant streaming', attributes: { 'data-message-id': message.id } },
        [element(document, 'div', { class: 'bubble' }, [body])],
      );
    }

    private replaceMessage(message: Message): void {
      const existing = this.messages.querySelector(`[data-message-id="${message.id}"]`);
      const nearBottom = this.messages.scrollHeight - this.messages.scrollTop - this.messages.clientHeight < 80;
      const focusInside = existing?.contains(this.shadow.activeElement) ?? false;
      const replacement = this.renderMessage(message);
      if (existing) existing.replaceWith(replacement);
      else this.messages.appendChild(replacement);
      if (focusInside) replacement.querySelector<HTMLElement>('button')?.focus();
      if (nearBottom || (message.role === 'assistant' && message.state === 'streaming')) this.scrollToEnd();
    }

    /**
     * Follows new content, but never further than the latest question's top: a long answer is read from its
     * beginning rather than chased to its end.
     */
    private scrollToEnd(): void {
      const questions = this.messages.querySelectorAll<HTMLElement>('.message.user');
      const latest = questions[questions.length - 1];
      const bottom = this.messages.scrollHeight - this.messages.clientHeight;
      this.messages.scrollTop = latest ? Math.min(bottom, latest.offsetTop - 12) : bottom;
    }

    private announce(text: string): void {
      this.status.textContent = text;
    }

    private readonly handlers: MessageHandlers = {
      openPassage: (request, trigger) => void this.openViewer(request, trigger),
      retry: (message) => this.retry(message),
      copy: (message) => void this.copy(message),
      sendFeedback: async (message, rating, comment) => {
        if (!message.record) return false;
        try {
          await this.client.feedback({ answerId: message.record.id, rating, comment: comment || undefined });
          message.feedback = rating;
          this.save();
          this.announce('Thank you for the feedback.');
          return true;
        } catch {
          this.announce('The feedback could not be sent.');
          return false;
        }
      },
      startCountdown: (seconds, onTick) => {
        clearInterval(this.retryTimer);
        let left = seconds;
        onTick(left);
        this.retryTimer = setInterval(() => {
          left -= 1;
          onTick(left);
          if (left <= 0) clearInterval(this.retryTimer);
        }, 1000);
      },
    };

    private retry(message: AssistantMessage): void {
      if (this.controller) return;
      clearInterval(this.retryTimer);
      const index = this.conversation.messages.indexOf(message);
      if (index < 0) return;
      const again: AssistantMessage = {
        role: 'assistant',
        id: randomId(),
        question: message.question,
        text: '',
        state: 'streaming',
      };
      this.conversation.messages.splice(index, 1, again);
      this.save();
      const existing = this.messages.querySelector(`[data-message-id="${message.id}"]`);
      existing?.replaceWith(this.renderMessage(again));
      this.input.focus();
      void this.run(again);
    }

    private async copy(message: AssistantMessage): Promise<void> {
      const text = citationsText(message);
      let copied = false;
      try {
        await navigator.clipboard.writeText(text);
        copied = true;
      } catch {
        // Clipboard API blocked (insecure page, permissions): fall back to a selection copy inside the shadow root.
        const area = element(this.ownerDocument, 'textarea', { class: 'sr-only' });
        area.value = text;
        this.root.appendChild(area);
        area.select();
        copied = this.ownerDocument.execCommand?.('copy') ?? false;
        area.remove();
      }
      this.announce(copied ? 'Answer copied with its sources.' : 'Copying is blocked on this page.');
    }

    private async openViewer(request: PassageRequest, trigger: HTMLElement): Promise<void> {
      const document = this.ownerDocument;
      this.viewerTrigger = trigger;
      const close = () => this.closeViewer();
      this.viewer.replaceChildren(renderViewerLoading(document, request, close));
      this.viewer.hidden = false;
      this.viewer.setAttribute('aria-labelledby', 'diligence-chat-viewer-title');
      this.viewer.querySelector<HTMLElement>('.close-viewer')?.focus();
      try {
        const passage = await this.client.passage(request.passageId);
        if (this.viewer.hidden) return;
        this.viewer.replaceChildren(renderPassageViewer(document, passage, request, close));
      } catch (error) {
        if (this.viewer.hidden) return;
        const message = error instanceof WidgetError ? error.message : 'The passage could not be loaded.';
        this.viewer.replaceChildren(renderViewerError(document, request, message, close));
      }
      this.viewer.querySelector<HTMLElement>('.close-viewer')?.focus();
    }

    private closeViewer(): void {
      if (this.viewer.hidden) return;
      this.viewer.hidden = true;
      this.viewer.replaceChildren();
      const trigger = this.viewerTrigger;
      this.viewerTrigger = undefined;
      if (trigger?.isConnected) trigger.focus();
      else this.input.focus();
    }

    private trapViewerFocus(event: KeyboardEvent): void {
      if (event.key !== 'Tab') return;
      const focusable = Array.from(this.viewer.querySelectorAll<HTMLElement>('button, a[href], [tabindex="0"]'));
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (!first || !last) return;
      const active = this.shadow.activeElement;
      if (event.shiftKey && active === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && active === last) {
        event.preventDefault();
        first.focus();
      }
    }
  }

  customElements.define(elementName, DiligenceChat);
}

function answerAnnouncement(message: AssistantMessage): string {
  const record = message.record;
  if (!record) return 'Answer ready.';
  if (record.status === 'insufficient_evidence') return 'The sources do not contain enough evidence to answer.';
  if (record.status === 'out_of_scope') return 'The question is outside what this assistant covers.';
  const sources = new Set(record.citations.map((citation) => citation.n)).size;
  return `Answer ready, citing ${sources} ${sources === 1 ? 'source' : 'sources'}.`;
}

export function errorTitle(kind: string): string {
  switch (kind) {
    case 'rate_limited':
      return 'You are asking faster than this site allows.';
    case 'forbidden':
      return 'This site is not allowed to use the assistant.';
    case 'unavailable':
      return 'The assistant is not ready yet.';
    case 'network':
      return 'The assistant could not be reached.';
    default:
      return 'The assistant could not answer.';
  }
}
