/**
 * Prints, at the end of a run, the checks skipped for a missing requirement (from tests/helpers/requirements.ts)
 * and the ten slowest test files, so what did not run and the time budget of `npm test` both stay visible.
 */
import type { Reporter, TestModule } from 'vitest/node';

const shown = 10;
const skipPrefix = '[skipped] ';

export default class SlowestFilesReporter implements Reporter {
  private started = 0;
  private readonly skipped = new Set<string>();

  onTestRunStart(): void {
    this.started = performance.now();
  }

  onUserConsoleLog(log: { content: string }): void {
    for (const line of log.content.split('\n')) {
      if (line.startsWith(skipPrefix)) this.skipped.add(line.slice(skipPrefix.length));
    }
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    if (this.skipped.size > 0) {
      process.stdout.write(`\nSkipped because something is missing (CI sets REQUIRE_ALL_CHECKS=1 to fail instead):\n`);
      for (const reason of this.skipped) process.stdout.write(`  - ${reason}\n`);
    }
    const rows = testModules
      .map((module) => ({ file: module.relativeModuleId, seconds: module.diagnostic().duration / 1000 }))
      .sort((a, b) => b.seconds - a.seconds)
      .slice(0, shown);
    if (rows.length === 0) return;
    const wall = (performance.now() - this.started) / 1000;
    const lines = rows.map((row) => `  ${row.seconds.toFixed(1).padStart(6)} s  ${row.file}`);
    process.stdout.write(`\nSlowest test files (wall ${wall.toFixed(1)} s for ${testModules.length} files):\n`);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}
