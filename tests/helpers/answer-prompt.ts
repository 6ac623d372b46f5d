/**
 * Reads the question and passages back out of the prompt text `buildAnswerPrompt` gives a remote model: what a mock
 * model in the tests sees, as a language model would.
 */
import type { LanguageModelV3Prompt } from '@ai-sdk/provider';
import type { PromptPassage } from '../../src/models/local/input.js';

// The shape of the prompt's user message (src/answer/prompt.ts).
const passageOpen = '<passage ';
const vendorLabel = 'Asked about the vendor: ';
const passageClose = '</passage>';

export interface ParsedAnswerPrompt {
  question: string;
  /** The vendors the question is asked about, when the prompt names them. */
  vendors: string[];
  passages: PromptPassage[];
}

export function parseAnswerPrompt(prompt: LanguageModelV3Prompt): ParsedAnswerPrompt {
  const lastUser = [...prompt].reverse().find((message) => message.role === 'user');
  const text =
    lastUser?.role === 'user' ? lastUser.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n') : '';
  const question = /^Question: (.*)$/m.exec(text)?.[1]?.trim() ?? text.trim();
  const header = text.indexOf(passageOpen) >= 0 ? text.slice(0, text.indexOf(passageOpen)) : text;
  const vendorLine = header.split('\n').find((line) => line.startsWith(vendorLabel));
  const vendors = vendorLine ? vendorLine.slice(vendorLabel.length).split('; ').filter(Boolean) : [];
  const passages: PromptPassage[] = [];
  let cursor = 0;
  for (;;) {
    const open = text.indexOf(passageOpen, cursor);
    if (open < 0) break;
    const headerEnd = text.indexOf('>\n', open);
    const close = text.indexOf(`\n${passageClose}`, headerEnd);
    if (headerEnd < 0 || close < 0) break;
    const attributes = Object.fromEntries(
      [...text.slice(open, headerEnd).matchAll(/(\w+)="([^"]*)"/g)].map((match) => [match[1]!, unescape(match[2]!)]),
    );
    passages.push({
      n: Number(attributes.n) || passages.length + 1,
      passageId: attributes.id ?? '',
      title: attributes.title ?? '',
      heading: attributes.heading ?? '',
      type: attributes.type ?? '',
      jurisdiction: attributes.jurisdiction ?? '',
      published: attributes.published ?? '',
      dated: attributes.dated ?? '',
      text: text.slice(headerEnd + 2, close),
    });
    cursor = close + passageClose.length + 1;
  }
  return { question, vendors, passages };
}

function unescape(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}
