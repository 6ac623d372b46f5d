/**
 * CSV injection defence (OWASP): a cell that starts with =, +, -, @, tab or carriage return is read as a formula by
 * spreadsheet programs, so it is prefixed with a single quote before it is written.
 */
const formulaStart = /^[=+\-@\t\r]/;

export function neutralizeCell(value: string): string {
  return formulaStart.test(value) ? `'${value}` : value;
}
