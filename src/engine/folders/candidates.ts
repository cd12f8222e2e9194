import { DEFAULT_IGNORE_RULES, FILE_TYPE_EXTENSIONS, type FolderSettings, type SyncFileType } from '../../shared/folder-settings.ts';
import { compileIgnoreRules, type IgnoreDecision, type IgnoreOptions } from './ignore-rules.ts';

/** Lower-case extensions (with the dot) that make a file a candidate for these types. */
export function candidateExtensions(types: readonly SyncFileType[]): ReadonlySet<string> {
  return new Set(types.flatMap((type) => FILE_TYPE_EXTENSIONS[type]));
}

/** The extension of the last path segment, lower-cased; '' for none or for dot-files like `.pdf`. */
function extensionOf(relativePath: string): string {
  const nameStart = relativePath.lastIndexOf('/') + 1;
  const dot = relativePath.lastIndexOf('.');
  return dot > nameStart ? relativePath.slice(dot).toLowerCase() : '';
}

const hasCandidateExtension = (relativePath: string, extensions: ReadonlySet<string>): boolean => extensions.has(extensionOf(relativePath));

/** Whether a file's name makes it one of `types` (extension, any case). Its content is checked later, by preflight. */
export function isCandidate(relativePath: string, types: readonly SyncFileType[]): boolean {
  return hasCandidateExtension(relativePath, candidateExtensions(types));
}

/** The folder's effective rules: the defaults first, so the folder's own `!` rules can re-include. */
export function effectiveIgnoreRules(ignore: readonly string[]): string[] {
  return [...DEFAULT_IGNORE_RULES, ...ignore];
}

/**
 * What the scanner and the watcher both ask about a folder's entries. They never descend into a
 * skipped directory, so entries are judged without re-checking their parents.
 */
export interface FolderFilter {
  /** Paths are folder-relative with `/` separators; '' is the folder itself and is never skipped. */
  skipsDirectory(relativePath: string): boolean;
  /** Not ignored and of one of the folder's types. */
  acceptsFile(relativePath: string): boolean;
  /** Why a path is (not) ignored; `source` tells whether the deciding rule is a default or the folder's own. */
  explain(relativePath: string, isDirectory: boolean): IgnoreDecision & { source?: 'default' | 'folder' };
}

export function folderFilter(settings: Pick<FolderSettings, 'types' | 'ignore'>, options: IgnoreOptions = {}): FolderFilter {
  const rules = compileIgnoreRules(effectiveIgnoreRules(settings.ignore), options);
  const extensions = candidateExtensions(settings.types);
  return {
    skipsDirectory: (relativePath) => rules.ignoresEntry(relativePath, true),
    // The extension test is the cheap one and rejects most files of a typical tree.
    acceptsFile: (relativePath) => hasCandidateExtension(relativePath, extensions) && !rules.ignoresEntry(relativePath, false),
    explain(relativePath, isDirectory) {
      const decision = rules.explain(relativePath, isDirectory);
      if (!decision.rule) return decision;
      return { ...decision, source: decision.rule.index < DEFAULT_IGNORE_RULES.length ? 'default' : 'folder' };
    },
  };
}
