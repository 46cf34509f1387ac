import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The repository root, found by walking up to package.json: this code runs both from bench/ (vitest)
 * and from build/bench/ (compiled), so a fixed number of `..` would be wrong in one of them.
 */
function findRepo(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${start}`);
    dir = up;
  }
  return dir;
}

export const REPO = findRepo(import.meta.dirname);
/** The built CLI; `npm run build` (or `npm test`'s pretest) makes it. */
export const CLI = path.join(REPO, 'dist', 'cli.js');
/** Read-only reference data shared by the project (never copied into it). */
export const SHARED_DATA = path.resolve(REPO, '../shared/data');
