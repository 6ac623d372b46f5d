/**
 * The date a citation shows, with its meaning: "in force since …" for a law, "reported on …" for news, and always the
 * date the summary reflects ("as of …"). Every surface shows this one line, so the API, widget, Slack and CSV agree.
 * A date the corpus marks as a placeholder (`unconfirmed_dates`) is never shown as if it were known.
 */
import type { DocumentType, SourceDates } from '../corpus/types.js';
import { formatDate } from '../text/dates.js';

export interface DatedSource {
  type: DocumentType;
  published: string;
  asOf: string;
  dates?: SourceDates;
}

export const unconfirmedDateText = 'date not confirmed';

/** Front-matter field names, as `unconfirmed_dates` lists them. */
type DateFieldName = 'adopted' | 'promulgated' | 'signed' | 'published' | 'in_force' | 'applies_from' | 'repealed';

interface Candidate {
  field: DateFieldName;
  value: string | undefined;
  /** Wording for a date on or before the as-of date, and for one still to come. */
  past: string;
  future?: string;
}

function candidates(source: DatedSource): Candidate[] {
  const dates = source.dates ?? {};
  const published: Candidate = { field: 'published', value: source.published, past: 'published' };
  const enacted: Candidate[] = [
    { field: 'repealed', value: dates.repealed, past: 'repealed on', future: 'to be repealed on' },
    // A staged application (several dates) is better told by the date of entry into force.
    ...(dates.appliesFrom?.length === 1
      ? [{ field: 'applies_from' as const, value: dates.appliesFrom[0], past: 'applies since', future: 'applies from' }]
      : []),
    { field: 'in_force', value: dates.inForce, past: 'in force since', future: 'in force from' },
    { field: 'promulgated', value: dates.promulgated, past: 'promulgated' },
    { field: 'signed', value: dates.signed, past: 'signed' },
    { field: 'adopted', value: dates.adopted, past: 'adopted' },
  ];
  switch (source.type) {
    case 'news':
      return [{ ...published, past: 'reported on' }];
    case 'court':
      return [
        { field: 'adopted', value: dates.adopted, past: 'decided on' },
        { ...published, past: 'decided on' },
      ];
    case 'law':
    case 'regulation':
      return [...enacted, published];
    default:
      return [published, ...enacted];
  }
}

/** The one date that fits the source, with its meaning ("in force since 1 June 2017"); '' when it has none. */
export function sourceDateLabel(source: DatedSource): string {
  const chosen = candidates(source).find((candidate) => formatDate(candidate.value ?? '') !== '');
  if (!chosen) return '';
  if (source.dates?.unconfirmed?.includes(chosen.field)) return unconfirmedDateText;
  const upcoming = chosen.future !== undefined && source.asOf !== '' && chosen.value! > source.asOf;
  const label = `${upcoming ? chosen.future : chosen.past} ${formatDate(chosen.value!)}`;
  // An amendment later than the date shown, and already made by the as-of date, changes what the reader is citing.
  const amended = (source.dates?.amended ?? [])
    .filter((date) => date > chosen.value! && (source.asOf === '' || date <= source.asOf))
    .at(-1);
  return amended && source.type !== 'news' ? `${label}, amended ${formatDate(amended)}` : label;
}

/** "in force since 1 June 2017 · as of 1 December 2025": what every citation and source list shows. */
export function sourceDateLine(source: DatedSource): string {
  const asOf = formatDate(source.asOf);
  return [sourceDateLabel(source), asOf && `as of ${asOf}`].filter(Boolean).join(' · ');
}
