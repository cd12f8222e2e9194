/**
 * Which paths the window may hand to addFolder, uploadOnce and previewRules: only those the
 * person picked in a folder dialog or dropped on the window, and what lies inside them. A
 * page that was somehow made to name other paths gets `forbidden` from the service.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import type { PathPolicy } from '../service/ports.ts';

/** Enough for any real session of picking and dropping; the oldest are forgotten first. */
const MAX_REMEMBERED = 10_000;

export class ChosenPaths implements PathPolicy {
  private readonly chosen = new Set<string>();

  /** Picked in a dialog or dropped on the window. */
  remember(path: string): void {
    if (!isAbsolute(path)) return;
    const normal = resolve(path);
    this.chosen.delete(normal);
    this.chosen.add(normal);
    if (this.chosen.size > MAX_REMEMBERED) this.chosen.delete(this.chosen.values().next().value as string);
  }

  allow(path: string): boolean {
    if (!isAbsolute(path)) return false;
    const normal = resolve(path);
    for (const root of this.chosen) {
      const inside = relative(root, normal);
      if (inside === '' || (!inside.startsWith('..') && !isAbsolute(inside))) return true;
    }
    return false;
  }
}
