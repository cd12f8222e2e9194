import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ELIGIBLE_KINDS, type EligibleKind, eligibleContent, OTHER_EXTENSIONS, otherContent } from './sample-files.ts';

export interface TreeOptions {
  /** Files in the synced part of the tree (eligible and others). */
  files?: number;
  folders?: number;
  /** Share of `files` that are sync candidates (PDF, DOCX, TXT, MD, PNG). */
  eligibleRatio?: number;
  /** Extra files under `node_modules/` and `.git/` folders, which the default rules ignore. */
  ignoredFiles?: number;
  /** Writes in flight at once. */
  concurrency?: number;
}

export interface TreeCounts {
  folders: number;
  files: number;
  eligible: number;
  eligibleByKind: Record<EligibleKind, number>;
  ignoredFiles: number;
  /** Bytes of the eligible files: what a first sync hashes. */
  eligibleBytes: number;
}

const DEFAULTS = { files: 100_000, folders: 1_000, eligibleRatio: 0.1, ignoredFiles: 1_000, concurrency: 64 };

/**
 * Folder `index`'s path: the first tenth sit at the top, the next three tenths inside them, the
 * rest one level deeper, so the tree has depth 1 to 3 like real document folders.
 */
function folderPath(index: number, total: number): string {
  const top = Math.max(1, Math.floor(total / 10));
  const middle = Math.max(top + 1, Math.floor((total * 4) / 10));
  const name = `folder ${String(index).padStart(4, '0')}`;
  if (index < top) return name;
  return join(folderPath(index < middle ? index % top : top + (index % (middle - top)), total), name);
}

/** Runs `work(0..count-1)` with at most `concurrency` calls in flight. */
async function forEachBounded(count: number, concurrency: number, work: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** Whether file `index` is eligible; spreads exactly floor(files × ratio) eligible files evenly. */
const isEligible = (index: number, ratio: number): boolean => Math.floor((index + 1) * ratio) > Math.floor(index * ratio);

/**
 * Writes the watch-scan benchmark tree under `root` (which must exist): `folders` folders holding
 * `files` small files, `eligibleRatio` of them valid documents and images, the rest other types,
 * plus ignored `node_modules/` and `.git/` subtrees that also hold eligible-looking names.
 */
export async function makeTree(root: string, options: TreeOptions = {}): Promise<TreeCounts> {
  const { files, folders, eligibleRatio, ignoredFiles, concurrency } = { ...DEFAULTS, ...options };
  const paths = Array.from({ length: folders }, (_, index) => folderPath(index, folders));
  // Parents come first in `paths`, so creating them in order needs no recursive mkdir.
  for (const path of paths) await mkdir(join(root, path), { recursive: true });

  const counts: TreeCounts = {
    folders,
    files,
    eligible: 0,
    eligibleByKind: { pdf: 0, docx: 0, txt: 0, md: 0, png: 0 },
    ignoredFiles,
    eligibleBytes: 0,
  };
  await forEachBounded(files, concurrency, async (index) => {
    const folder = paths[index % folders] as string;
    const label = `watch-scan file ${index}`;
    if (isEligible(index, eligibleRatio)) {
      const kind = ELIGIBLE_KINDS[counts.eligible++ % ELIGIBLE_KINDS.length] as EligibleKind;
      const content = eligibleContent(kind, label);
      counts.eligibleByKind[kind]++;
      counts.eligibleBytes += content.length;
      await writeFile(join(root, folder, `document ${index}.${kind}`), content);
    } else {
      const extension = OTHER_EXTENSIONS[index % OTHER_EXTENSIONS.length] as string;
      await writeFile(join(root, folder, `file-${index}${extension}`), otherContent(extension, label));
    }
  });

  const ignoredRoots = [join(root, 'node_modules'), join(root, '.git'), join(root, paths[0] ?? '', 'node_modules')];
  await forEachBounded(ignoredFiles, concurrency, async (index) => {
    const directory = join(ignoredRoots[index % ignoredRoots.length] as string, `pkg-${index % 50}`);
    await mkdir(directory, { recursive: true });
    await writeFile(join(directory, index % 2 === 0 ? `README-${index}.md` : `notes-${index}.pdf`), `ignored ${index}\n`);
  });
  return counts;
}
