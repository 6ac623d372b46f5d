/**
 * Prints the ten slowest test files at the end of a run, so the time budget of `npm test` stays visible and a file
 * that grows slow is noticed in the run that made it slow.
 */
import type { Reporter, TestModule } from 'vitest/node';

const shown = 10;

export default class SlowestFilesReporter implements Reporter {
  private started = 0;

  onTestRunStart(): void {
    this.started = performance.now();
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const rows = testModules
      .map((module) => ({ file: module.relativeModuleId, seconds: module.diagnostic().duration / 1000 }))
      .sort((a, b) => b.seconds - a.seconds)
      .slice(0, shown);
    if (rows.length === 0) return;
    const wall = (performance.now() - this.started) / 1000;
    const width = Math.max(...rows.map((row) => row.file.length));
    const lines = rows.map((row) => `  ${row.seconds.toFixed(1).padStart(6)} s  ${row.file.padEnd(width)}`);
    process.stdout.write(`\nSlowest test files (wall ${wall.toFixed(1)} s for ${testModules.length} files):\n`);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}
