import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The version in our package.json, found by walking up: the CLI runs from src/ in development and out/node/ when built. */
export function packageVersion(): string {
  for (let folder = import.meta.dirname; folder !== dirname(folder); folder = dirname(folder)) {
    const candidate = join(folder, 'package.json');
    if (!existsSync(candidate)) continue;
    const manifest = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
    if (manifest.name === 'memos-sync' && manifest.version) return manifest.version;
  }
  return 'unknown';
}
