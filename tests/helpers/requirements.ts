/**
 * What a test needs from outside the repository (a browser, ../shared), checked in one place. A test whose
 * requirement is missing is skipped with a line saying what is missing and how to provide it; with
 * REQUIRE_ALL_CHECKS=1 (set by `.ci/run`) a missing requirement fails the run instead, so CI runs everything.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Requirement {
  /** Whether the requirement is met on this machine. */
  available: boolean;
  /** What is missing and how to provide it; empty when available. */
  reason: string;
}

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const mustRunEverything = process.env.REQUIRE_ALL_CHECKS === '1';
const reported = new Set<string>();

function requirement(name: string, available: boolean, howToProvide: string): Requirement {
  const reason = available ? '' : `${name} is missing: ${howToProvide}`;
  if (!available) {
    if (mustRunEverything) throw new Error(`REQUIRE_ALL_CHECKS=1 but ${reason}`);
    if (!reported.has(reason)) {
      reported.add(reason);
      console.log(`[skipped] ${reason}`);
    }
  }
  return { available, reason };
}

/** The Chromium executable for browser tests: CHROMIUM_PATH, else Debian's /usr/bin/chromium. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

export function requireChromium(): Requirement {
  const executable = chromiumPath();
  return requirement(
    `Chromium (${executable})`,
    existsSync(executable),
    'install Debian\'s "chromium" package (apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary',
  );
}

/** The folder beside the repository that holds outside data (../shared), or one of its subfolders. */
export function sharedPath(...parts: string[]): string {
  const base = process.env.SHARED_DIR
    ? path.resolve(process.env.SHARED_DIR)
    : path.resolve(repositoryRoot, '../shared');
  return path.join(base, ...parts);
}

export function requireShared(...parts: string[]): Requirement {
  const folder = sharedPath(...parts);
  return requirement(
    `Outside data (${folder})`,
    existsSync(folder),
    'place the shared data folder beside the repository (../shared) or set SHARED_DIR to it',
  );
}
