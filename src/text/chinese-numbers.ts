/** Numbers written in Chinese numerals, as Chinese law numbers its articles ("第七条" is Article 7). */

/** An article number written the Chinese way: 第…条, the number in Chinese numerals or digits. */
export const chineseArticlePattern = /第([零〇一二两三四五六七八九十百千\d]+)条/gu;

const chineseDigits: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const chineseUnits: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** "七" → 7, "三十七" → 37, "一百零五" → 105, "12" → 12; undefined for anything else. */
export function chineseNumber(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  let total = 0;
  let digit = 0;
  for (const character of text) {
    if (character in chineseDigits) digit = chineseDigits[character]!;
    else if (character in chineseUnits) {
      total += (digit === 0 ? 1 : digit) * chineseUnits[character]!;
      digit = 0;
    } else return undefined;
  }
  return total + digit;
}
