import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { citationNumbers, markUnsupported, parseBlocks, renderMarkdown } from '../../src/widget/markdown.js';

function render(markdown: string, options: Parameters<typeof renderMarkdown>[2] = {}) {
  const { document } = parseHTML('<!doctype html><html><body><div id="out"></div></body></html>');
  const out = document.getElementById('out')!;
  out.appendChild(renderMarkdown(document as unknown as Document, markdown, options));
  return out;
}

describe('widget Markdown rendering', () => {
  it('renders paragraphs, headings, lists, bold, italics and code', () => {
    const out = render(
      '# Summary\n\nAlibaba Cloud is **subject** to *PRC law* and `CSL`.\n\n- one\n- two\n\n1. first\n2. second',
    );
    expect(out.querySelector('h3')?.textContent).toBe('Summary');
    expect(out.querySelector('strong')?.textContent).toBe('subject');
    expect(out.querySelector('em')?.textContent).toBe('PRC law');
    expect(out.querySelector('code')?.textContent).toBe('CSL');
    expect(out.querySelectorAll('ul li')).toHaveLength(2);
    expect(out.querySelectorAll('ol li')).toHaveLength(2);
  });

  it('keeps markup from the model or the corpus as inert text', () => {
    const hostile = 'Look <img src=x onerror="alert(1)"> and <script>alert(2)</script> [x](javascript:alert(3))';
    const out = render(hostile);
    expect(out.querySelector('img')).toBeNull();
    expect(out.querySelector('script')).toBeNull();
    expect(out.querySelector('a')).toBeNull();
    expect(out.textContent).toContain('<img src=x onerror="alert(1)">');
    expect(out.textContent).toContain('<script>alert(2)</script>');
  });

  it('links only to web addresses, opening them without access to the page', () => {
    const link = render('See [the act](https://example.org/act).').querySelector('a')!;
    expect(link.getAttribute('href')).toBe('https://example.org/act');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('turns [n] markers into citation nodes, including groups and ranges', () => {
    const seen: number[] = [];
    const { document } = parseHTML('<!doctype html><html><body></body></html>');
    const out = render('Claim one [1]. Claim two [2, 3]. Claim three [4-5].', {
      citation: (n) => {
        seen.push(n);
        const chip = (document as unknown as Document).createElement('button');
        chip.textContent = String(n);
        return chip;
      },
    });
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(out.textContent).toBe('Claim one 1. Claim two 23. Claim three 45.');
    expect(citationNumbers('[1, 3]')).toEqual([1, 3]);
  });

  it('leaves markers as text when no citation renderer is given', () => {
    expect(render('Claim [1].').textContent).toBe('Claim [1].');
  });

  it('marks unsupported sentences visibly and for screen readers', () => {
    const out = render('Supported claim [1]. Unsupported claim [2].', { unsupported: ['Unsupported claim [2].'] });
    const marked = out.querySelector('.unsupported')!;
    expect(marked.textContent).toContain('Unsupported claim [2].');
    expect(marked.querySelector('.unsupported-flag')?.textContent).toBe('unverified');
    expect(marked.textContent).toContain('not supported by the cited sources');
    expect(markUnsupported('a. b.', ['missing'])).toEqual([{ text: 'a. b.', unsupported: false }]);
  });

  it('joins wrapped lines into one paragraph and keeps code blocks verbatim', () => {
    expect(parseBlocks('line one\nline two\n\n```\n<b>x</b>\n```')).toEqual([
      { type: 'paragraph', text: 'line one line two' },
      { type: 'code', text: '<b>x</b>' },
    ]);
  });
});
