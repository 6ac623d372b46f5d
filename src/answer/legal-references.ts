/**
 * Legal provisions that a passage cites by instrument and number ("The National Intelligence Law (2017, amended 2018)
 * Art. 7", "Arts. 25 and 26", "PIPL Art. 41", "FISA Section 702"), read from the text so that the answer engine can
 * look up the primary-law passage behind a secondary source's summary. Each citation belongs to the nearest
 * instrument name before it in the same sentence; a citation without a name nearby is left out, since "Article 7"
 * alone does not say of what.
 */
import { findCitations } from '../retrieve/citations.js';
import { splitSentences } from './sentences.js';
import { stopWords } from './text.js';

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
const leadingWords = new Set([...stopWords, 'under', 'as', 'the', 'its', 'their', 'first', 'second', 'third']);

/** Every provision cited in a text, in order of mention, without duplicates. */
export function findLegalReferences(text: string): LegalReference[] {
  const references: LegalReference[] = [];
  const seen = new Set<string>();
  for (const sentence of splitSentences(text.normalize('NFKC'))) {
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
