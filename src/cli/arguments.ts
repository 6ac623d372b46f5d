/**
 * The start every command shares: parse its arguments, print the usage on `--help` (exit 0) or with the parser's
 * message on a usage error (exit 2). Commands return the exit code when this returns a number.
 */
export function readArguments<Parsed>(parse: () => Parsed | 'help', usage: string): Parsed | number {
  let parsed: Parsed | 'help';
  try {
    parsed = parse();
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if (parsed === 'help') {
    console.log(usage);
    return 0;
  }
  return parsed;
}
