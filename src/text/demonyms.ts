/**
 * Countries and the adjectives of their people ("French" / "France", "Dutch" / "Netherlands"): English writes a
 * country both ways ("a French regulator", "France's data authority"), and no suffix rule joins them. Matching reads
 * an adjective as its country. Language data, like the stop words, not knowledge of the field.
 */
const pairs = `america american|australia australian|austria austrian|belgium belgian|brazil brazilian|britain british
canada canadian|china chinese|cuba cuban|denmark danish|europe european|finland finnish|france french|germany german
greece greek|india indian|iran iranian|ireland irish|israel israeli|italy italian|japan japanese|korea korean
mexico mexican|netherlands dutch|norway norwegian|poland polish|portugal portuguese|russia russian|singapore singaporean
spain spanish|sweden swedish|switzerland swiss|taiwan taiwanese|turkey turkish|ukraine ukrainian|venezuela venezuelan
vietnam vietnamese`;

/** The country a people's adjective names ("german" → "germany"); undefined for any other word. */
export const countryOfAdjective: ReadonlyMap<string, string> = new Map(
  pairs
    .split(/[|\n]/)
    .map((pair) => pair.trim().split(/\s+/))
    .map(([country, adjective]) => [adjective!, country!]),
);
