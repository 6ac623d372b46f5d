/**
 * The legal-citation reader, for questions, passages and answers alike.
 *
 * Legal and control citations in a text ("Article 48", "Arts. 25 and 26", "§ 2713", "18 U.S.C. 2713",
 * "clause 14", "principle 2.1", "GV.SC-06", "A.5.19", "SR-6"), turned into the passage anchors the corpus uses for
 * those units (docs/corpus-format.md: `art-48`, `sec-2713`, `clause-14`, `principle-2-1`, `gv-sc-06`, `a-5-19`).
 *
 * Full text alone ranks these poorly: "art 36" shares no token with the heading "Article 36", and a bare number
 * matches every passage that mentions it. Knowing the unit lets search put the cited passage itself first.
 *
 * Provisions a text cites by instrument and number (`findLegalReferences`): see below.
 */
import { splitCitedSentences } from './cited-sentences.js';
import { matchingStopWords } from './stop-words.js';

/** Anchors of the units a question cites, in order of mention, without duplicates. */
export function citedAnchors(query: string): string[] {
  return [...new Set(findCitations(query).map((citation) => citation.anchor))];
}

/** Every citation in a text with the position where it starts (in the NFKC form of the text), in text order. */
export function findCitations(query: string): { position: number; anchor: string }[] {
  const found: { position: number; order: number; anchor: string }[] = [];
  let position = 0;
  const add = (anchor: string) => {
    const normalized = anchor
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    if (normalized !== '') found.push({ position, order: found.length, anchor: normalized });
  };
  const text = query.normalize('NFKC');

  // Article 28(3), Art. 7, Arts. 25 and 26, articles 44-49: each number, with its paragraph when one is given.
  const numbered = String.raw`\d+[a-z]?(?:\.\d+)*(?:\s*\(\s*[0-9a-z]{1,4}\s*\))*`;
  const list = String.raw`${numbered}(?:\s*(?:,|and|or|&|to|-|–)\s*${numbered})*`;
  const unitPatterns: [RegExp, string][] = [
    [new RegExp(String.raw`\b(?:articles?|arts?\.?)\s*(${list})`, 'giu'), 'art'],
    [new RegExp(String.raw`(?:\bsections?|\bsecs?\.?|§§?)\s*(${list})`, 'giu'), 'sec'],
    [new RegExp(String.raw`\bU\.?\s?S\.?\s?C\.?\s*(?:§\s*)?(${numbered})`, 'gu'), 'sec'],
    [new RegExp(String.raw`\bclauses?\s*(${list})`, 'giu'), 'clause'],
  ];
  for (const [pattern, prefix] of unitPatterns) {
    for (const match of text.matchAll(pattern)) {
      position = match.index;
      const range = /^(\d+)\s*(?:-|–|to)\s*(\d+)$/u.exec(match[1]!.trim());
      if (range && Number(range[2]) > Number(range[1]) && Number(range[2]) - Number(range[1]) <= 10) {
        for (let number = Number(range[1]); number <= Number(range[2]); number += 1) add(`${prefix}-${number}`);
        continue;
      }
      for (const item of match[1]!.split(/\s*(?:,|and|or|&|to|-|–)\s*/u)) {
        const [, number, paragraphs] = /^(\d+[a-z]?(?:\.\d+)*)((?:\s*\(\s*[0-9a-z]+\s*\))*)$/iu.exec(item.trim()) ?? [];
        if (!number) continue;
        const paragraphNumbers = [...(paragraphs ?? '').matchAll(/[0-9a-z]+/gi)].map((paragraph) => paragraph[0]);
        if (paragraphNumbers.length > 0) add(`${prefix}-${number}-${paragraphNumbers.join('-')}`);
        add(`${prefix}-${number}`);
      }
    }
  }
  // Principle 2.1, step 4.
  for (const match of text.matchAll(/\b(principle|step)\s*(\d+(?:\.\d+)*)/giu)) {
    position = match.index;
    add(`${match[1]}-${match[2]}`);
  }
  // Control identifiers: GV.SC-06, ID.AM-01 (NIST CSF), A.5.19 (ISO 27001 Annex A), SR-6, SA-9 (NIST 800-53), CC9.2.
  for (const match of text.matchAll(/\b([A-Z]{2}\.[A-Z]{2}-\d{2})\b/gu)) {
    position = match.index;
    add(match[1]!);
  }
  for (const match of text.matchAll(/\b(A\.\d+\.\d+)\b/gu)) {
    position = match.index;
    add(match[1]!);
  }
  for (const match of text.matchAll(/(?<![\w.])([A-Z]{2}-\d+)\b/gu)) {
    position = match.index;
    add(match[1]!);
  }
  for (const match of text.matchAll(/\b(CC\d+\.\d+)\b/gu)) {
    position = match.index;
    add(match[1]!);
  }
  found.sort((left, right) => left.position - right.position || left.order - right.order);
  return found.map(({ position, anchor }) => ({ position, anchor }));
}

/**
 * Legal provisions that a passage cites by instrument and number ("The National Intelligence Law (2017, amended 2018)
 * Art. 7", "Arts. 25 and 26", "PIPL Art. 41", "FISA Section 702"), read from the text so that the answer engine can
 * look up the primary-law passage behind a secondary source's summary. Each citation belongs to the nearest
 * instrument name before it in the same sentence; a citation without a name nearby is left out, since "Article 7"
 * alone does not say of what.
 */
export interface LegalReference {
  /** The instrument as written ("National Intelligence Law", "PIPL"). */
  instrument: string;
  /** "Article 7", "Section 702": how the provision is searched for and named. */
  provision: string;
  /** The passage anchor the corpus uses for the unit (`art-7`, `sec-702`). */
  anchor: string;
}

/** How far (in characters) a citation may stand from the instrument name it belongs to. */
const citationReach = 160;

// An instrument: capitalised words ending in a kind of instrument, a US Code title, or an abbreviation of three to six
// capitals.
const instrumentPattern =
  /(?:[A-Z][\p{L}'’-]*\s+){0,6}(?:Law|Act|Regulations?|Measures|Directive|Code|Order|Rules)\b|\b\d+ U\.S\.C\.|\b[A-Z][A-Z0-9]{2,5}\b/gu;

// Capitalised words that open a clause rather than belong to a name ("The", "Under", "As").
const leadingWords = new Set([...matchingStopWords, 'under', 'as', 'the', 'its', 'their', 'first', 'second', 'third']);

/** Every provision cited in a text, in order of mention, without duplicates. */
export function findLegalReferences(text: string): LegalReference[] {
  const references: LegalReference[] = [];
  const seen = new Set<string>();
  for (const sentence of splitCitedSentences(text.normalize('NFKC'))) {
    const names = [...sentence.text.matchAll(instrumentPattern)]
      .map((match) => ({ position: match.index, end: match.index + match[0].length, name: cleanName(match[0]) }))
      .filter((name) => name.name !== '' && !/^(US|UK|EU|PRC|USA)$/.test(name.name));
    if (names.length === 0) continue;
    for (const citation of findCitations(sentence.text)) {
      const plain = /^(art|sec)-(\d+[a-z]?)$/.exec(citation.anchor);
      if (!plain) continue;
      let owner: (typeof names)[number] | undefined;
      for (const name of names) {
        if (name.position >= citation.position) break;
        owner = name;
      }
      if (!owner || citation.position - owner.end > citationReach) continue;
      const provision = `${plain[1] === 'art' ? 'Article' : 'Section'} ${plain[2]}`;
      const key = `${owner.name.toLowerCase()}|${citation.anchor}`;
      if (seen.has(key)) continue;
      seen.add(key);
      references.push({ instrument: owner.name, provision, anchor: citation.anchor });
    }
  }
  return references;
}

function cleanName(raw: string): string {
  const words = raw.trim().split(/\s+/);
  while (words.length > 1 && leadingWords.has(words[0]!.toLowerCase())) words.shift();
  return words.join(' ');
}
