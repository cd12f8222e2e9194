import type { FolderFilter } from '../engine/folders/candidates.ts';
import { folderFilter } from '../engine/folders/candidates.ts';
import { scanFolder } from '../engine/watch/scanner.ts';
import type { SyncFileType } from '../shared/folder-settings.ts';

export interface RulesPreview {
  candidates: number;
  excluded: number;
  truncated: boolean;
}

export const PREVIEW_LIMITS = { files: 20_000, ms: 2_000 };

const parentOf = (relativePath: string): string => relativePath.slice(0, Math.max(0, relativePath.lastIndexOf('/')));

/**
 * How many files of a folder the types and rules would sync, and how many they leave out
 * (other types, ignored names, files under ignored folders), for a live preview. One walk sees
 * every file, ignored folders included, and stops at the limits: the counts are then partial.
 */
export async function previewRules(options: { path: string; types: readonly SyncFileType[]; ignore: readonly string[] }, limits = PREVIEW_LIMITS): Promise<RulesPreview> {
  const rules = folderFilter({ types: [...options.types], ignore: [...options.ignore] });
  const everything: FolderFilter = { skipsDirectory: () => false, acceptsFile: () => true, explain: rules.explain };
  const skippedDirectory = new Map<string, boolean>();
  const underSkipped = (directory: string): boolean => {
    if (directory === '') return false;
    let skipped = skippedDirectory.get(directory);
    if (skipped === undefined) {
      skipped = underSkipped(parentOf(directory)) || rules.skipsDirectory(directory);
      skippedDirectory.set(directory, skipped);
    }
    return skipped;
  };
  const signal = AbortSignal.timeout(limits.ms);
  const preview: RulesPreview = { candidates: 0, excluded: 0, truncated: false };
  try {
    for await (const file of scanFolder({ path: options.path, types: [...options.types], ignore: [...options.ignore], followSymlinks: false }, { signal, filter: everything })) {
      if (!underSkipped(parentOf(file.relativePath)) && rules.acceptsFile(file.relativePath)) preview.candidates++;
      else preview.excluded++;
      if (preview.candidates + preview.excluded >= limits.files) return { ...preview, truncated: true };
    }
  } catch (error) {
    if (!signal.aborted) throw error;
    return { ...preview, truncated: true };
  }
  return preview;
}
