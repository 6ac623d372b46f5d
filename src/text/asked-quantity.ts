/**
 * The kind of figure a question asks for, read from its interrogative ("how long", "how much", "when", "how many"),
 * and whether a sentence states a figure of that kind. A question asking how long something lasts is answered by a
 * sentence with a period ("three years", "within 72 hours"), not by one that merely carries a year; one asking how
 * much is answered by an amount or a share ("EUR 20 million or 4 percent").
 */

export type QuantityKind = 'duration' | 'amount' | 'date' | 'count';

const numberWord =
  '(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|ninety|hundred|a|an)';
const timeUnit = '(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)';
const monthName = '(?:January|February|March|April|May|June|July|August|September|October|November|December)';

const patterns: Record<QuantityKind, RegExp> = {
  duration: new RegExp(
    `\\b(?:\\d[\\d,.]*|${numberWord})(?:[\\s-]+(?:working|calendar|business|consecutive))?[\\s-]+${timeUnit}\\b|[一二三四五六七八九十百\\d]+\\s*(?:个)?(?:工作日|日|天|小时|个月|月|年)`,
    'i',
  ),
  amount: new RegExp(
    `(?:[€$£¥]\\s?\\d|\\b(?:RMB|EUR|USD|GBP|CNY)\\s?\\d|\\d[\\d,.]*\\s*(?:%|percent\\b|per cent\\b|million\\b|billion\\b|(?:RMB|EUR|USD|GBP|yuan|euros?|dollars?|pounds?)\\b)|[一二三四五六七八九十百千万\\d]+\\s*(?:万元|元|亿))`,
    'i',
  ),
  date: new RegExp(`\\b(?:\\d{1,2}\\s+${monthName}\\s+)?(?:${monthName}\\s+)?(?:19|20)\\d{2}\\b|\\d{4}年`, 'i'),
  count: new RegExp(`\\b(?:\\d[\\d,.]*|${numberWord.replace('|a|an', '')})\\b|[一二三四五六七八九十百千万\\d]+`, 'i'),
};

/** What kind of figure the question asks for, if any. The first interrogative decides. */
export function askedQuantity(question: string): QuantityKind | undefined {
  const text = question.toLowerCase();
  const asked: [QuantityKind, RegExp][] = [
    [
      'duration',
      /\bhow (?:long|soon|quickly)\b(?! ago\b)|\bwithin how\b|\bfor how many (?:days|weeks|months|years|hours)\b|\b(?:what|which) (?:period|time limit|deadline|retention period)\b|\b(?:stay|remain|be) valid\b|多久|多长时间|几天|期限/,
    ],
    [
      'amount',
      /\bhow (?:much|big|large|high)\b|\bwhat (?:amount|share|percentage|proportion|sum)\b|\b(?:maximum|max|highest|biggest|largest|ceiling)\b.{0,30}\b(?:fines?|penalt\w*|amount|sum)\b|\b(?:fines?|penalt\w*)\b.{0,30}\b(?:maximum|max|ceiling|up to)\b|\bwhat (?:fines?|penalt\w*|sanctions?)\b|多少钱|罚款?多少|多少罚款/,
    ],
    ['date', /\bwhen\b|\bwhat (?:date|year|day)\b|\bby what date\b|\bsince when\b|何时|什么时候|哪一年/],
    ['count', /\bhow many\b|\bnumber of\b|多少(?:个|家|项|条)/],
  ];
  let first: { kind: QuantityKind; index: number } | undefined;
  for (const [kind, pattern] of asked) {
    const match = pattern.exec(text);
    if (match && (first === undefined || match.index < first.index)) first = { kind, index: match.index };
  }
  return first?.kind;
}

/** Whether the sentence states a figure of the asked kind. */
export function statesQuantity(text: string, kind: QuantityKind): boolean {
  return patterns[kind].test(text);
}
