/**
 * Entry point of `widget.js`. Defines `<diligence-chat>` and, when loaded by a script tag, mounts one from the tag's
 * `data-*` attributes:
 *
 *   <script src="https://HOST/widget.js" data-key="public-key" data-mode="launcher|inline" data-target="#chat"
 *     data-title="…" data-subtitle="…" data-greeting="…" data-placeholder="…" data-position="bottom-right|bottom-left"
 *     data-theme="light|dark|auto" data-accent="#0b5" data-suggestions="Question one|Question two" data-open></script>
 *
 * The API base defaults to the script's own origin (override with `data-api`).
 */
import { defineChatElement, elementName } from './chat-element.js';

const attributeNames: Record<string, string> = {
  key: 'key',
  api: 'api',
  mode: 'mode',
  title: 'chat-title',
  subtitle: 'subtitle',
  greeting: 'greeting',
  placeholder: 'placeholder',
  position: 'position',
  theme: 'theme',
  accent: 'accent',
  suggestions: 'suggestions',
  open: 'open',
};

const script = document.currentScript as HTMLScriptElement | null;
const scriptOrigin = script?.src ? new URL(script.src, location.href).origin : location.origin;
defineChatElement(scriptOrigin);

function mount(tag: HTMLScriptElement): void {
  if (tag.dataset.mount === 'false') return;
  const chat = document.createElement(elementName);
  for (const [name, attribute] of Object.entries(attributeNames)) {
    const value = tag.dataset[name];
    if (value !== undefined) chat.setAttribute(attribute, value);
  }
  const target = tag.dataset.target ? document.querySelector(tag.dataset.target) : null;
  if (target) {
    if (!tag.dataset.mode) chat.setAttribute('mode', 'inline');
    target.appendChild(chat);
  } else {
    document.body.appendChild(chat);
  }
}

if (script) {
  const tag = script;
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => mount(tag));
  else mount(tag);
}
