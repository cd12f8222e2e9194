import { z } from 'zod';

/** The file types a folder can sync, each with the extensions that make a file a candidate. */
export const FILE_TYPE_EXTENSIONS = {
  pdf: ['.pdf'],
  docx: ['.docx'],
  doc: ['.doc'],
  txt: ['.txt'],
  md: ['.md', '.markdown'],
  jpeg: ['.jpg', '.jpeg'],
  png: ['.png'],
  webp: ['.webp'],
  gif: ['.gif'],
  bmp: ['.bmp'],
} as const;

export type SyncFileType = keyof typeof FILE_TYPE_EXTENSIONS;
export const SYNC_FILE_TYPES = Object.keys(FILE_TYPE_EXTENSIONS) as SyncFileType[];

/** Ignored unless a folder's own rules re-include them with `!`: lock files, partial downloads, system clutter, tool folders. */
export const DEFAULT_IGNORE_RULES: readonly string[] = [
  '~$*',
  '*.tmp',
  '*.part',
  '*.crdownload',
  '.DS_Store',
  'Thumbs.db',
  '.git/',
  'node_modules/',
];

export const MAX_CONVERSATION_ID_LENGTH = 100;

export const FolderSettings = z.object({
  /** Stable id of the folder in the ledger. */
  id: z.string().min(1),
  /** Absolute path the person chose. */
  path: z.string().min(1),
  types: z.array(z.enum(SYNC_FILE_TYPES as [SyncFileType, ...SyncFileType[]])).min(1).default(SYNC_FILE_TYPES),
  /** gitignore-syntax rules, applied after DEFAULT_IGNORE_RULES (so `!` can re-include). */
  ignore: z.array(z.string()).default([]),
  /** Conversation id the folder's memories are filed under; derived from the folder when absent. */
  conversationId: z.string().min(1).max(MAX_CONVERSATION_ID_LENGTH).optional(),
  followSymlinks: z.boolean().default(false),
  paused: z.boolean().default(false),
  /** `once`: files dropped on the window, uploaded once and not watched. */
  mode: z.enum(['watch', 'once']).default('watch'),
});
export type FolderSettings = z.output<typeof FolderSettings>;
export type FolderSettingsInput = z.input<typeof FolderSettings>;
