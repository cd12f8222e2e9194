import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const ROOT = resolve(import.meta.dirname, '../../..');
export const RENDERER_OUT = join(ROOT, 'out/renderer');
const LOCK = join(tmpdir(), 'memos-sync-renderer-build.lock');

function newestChange(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function builtAt(): number {
  try {
    return statSync(join(RENDERER_OUT, 'index.html')).mtimeMs;
  } catch {
    return 0;
  }
}

const stale = (): boolean => builtAt() < Math.max(newestChange(join(ROOT, 'src/renderer')), newestChange(join(ROOT, 'src/shared')));

/** Builds the renderer when its sources are newer than out/renderer; test files that ask at once build it once. */
export async function ensureRendererBuilt(): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (stale()) {
    try {
      mkdirSync(LOCK);
    } catch {
      if (Date.now() > deadline) throw new Error(`waited too long for another renderer build (remove ${LOCK} if none runs)`);
      await new Promise((done) => setTimeout(done, 250));
      continue;
    }
    try {
      if (stale()) await run(join(ROOT, 'node_modules/.bin/electron-vite'), ['build'], { cwd: ROOT, timeout: 110_000 });
    } finally {
      rmdirSync(LOCK);
    }
  }
}
