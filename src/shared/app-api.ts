/**
 * The app API: everything the window (renderer) may ask of the app and every event it is told,
 * defined once. The Electron preload carries it over IPC, the web host over a WebSocket; both
 * validate every message with these schemas, on the way in and on the way out.
 */
import { z } from 'zod';
import { SYNC_FILE_TYPES, type SyncFileType } from './folder-settings.ts';
import { SearchMemoryData } from './memos-wire.ts';

const Id = z.string().min(1).max(200);
const FileId = z.int().positive();
const SyncTypes = z.array(z.enum(SYNC_FILE_TYPES as [SyncFileType, ...SyncFileType[]])).min(1);
const IgnoreRules = z.array(z.string().max(1000)).max(500);

export const FileState = z.enum(['checking', 'queued', 'uploading', 'processing', 'done', 'skipped', 'failed', 'deleted']);
export type FileState = z.infer<typeof FileState>;

/** Queue filters: active = checking, queued, uploading, processing. */
export const FileFilter = z.enum(['active', 'failed', 'skipped', 'done', 'all']);
export type FileFilter = z.infer<typeof FileFilter>;

/** The states each queue filter shows; `all` is every state, deleted files included. */
export const FILTER_STATES: Record<FileFilter, readonly FileState[]> = {
  active: ['checking', 'queued', 'uploading', 'processing'],
  failed: ['failed'],
  skipped: ['skipped'],
  done: ['done'],
  all: FileState.options,
};

export const FileView = z.object({
  id: FileId,
  folderId: Id,
  relativePath: z.string(),
  size: z.number().nonnegative(),
  state: FileState,
  reason: z.string().nullable(),
  attempts: z.int().nonnegative(),
  category: z.enum(['document', 'image']).nullable(),
  updatedAt: z.number(),
});
export type FileView = z.infer<typeof FileView>;

export const FolderStatus = z.enum(['scanning', 'watching', 'paused', 'error']);

export const FolderView = z.object({
  id: Id,
  path: z.string(),
  /** `once`: dropped to be uploaded once, not watched. */
  mode: z.enum(['watch', 'once']),
  types: SyncTypes,
  ignore: IgnoreRules,
  conversationId: z.string().optional(),
  followSymlinks: z.boolean(),
  paused: z.boolean(),
  status: FolderStatus,
  message: z.string().optional(),
  fix: z.string().optional(),
  watchMode: z.enum(['native', 'polling']).optional(),
});
export type FolderView = z.infer<typeof FolderView>;

export const EngineState = z.enum(['idle', 'syncing', 'paused', 'offline', 'attention', 'error']);
export type EngineState = z.infer<typeof EngineState>;

const Count = z.object({ files: z.int().nonnegative(), bytes: z.number().nonnegative() });
export const Stats = z.object({
  counts: z.record(FileState, Count),
  pendingBytes: z.number().nonnegative(),
  bytesPerSecond: z.number().nonnegative(),
  etaSeconds: z.number().nonnegative().optional(),
  longRunningTasks: z.int().nonnegative(),
});
export type Stats = z.infer<typeof Stats>;

export const TargetKind = z.enum(['local', 'cloud-cn', 'cloud-intl', 'custom']);
export type TargetKind = z.infer<typeof TargetKind>;

/** Settings as the window sees them: the API key itself never leaves the main process. */
export const PublicSettings = z.object({
  target: TargetKind,
  customBaseUrl: z.string().max(2000).optional(),
  userId: z.string().min(1).max(100),
  hasApiKey: z.boolean(),
  /** `plain-text`: the system offers no keyring (some Linux desktops); the window warns. */
  keyStorage: z.enum(['encrypted', 'plain-text', 'environment', 'none']),
  concurrency: z.int().min(1).max(8),
  batchMaxMb: z.int().min(1).max(300),
  language: z.enum(['system', 'en', 'zh-CN']),
  theme: z.enum(['system', 'light', 'dark']),
  startAtLogin: z.boolean(),
  notifications: z.boolean(),
  shortcut: z.string().min(1).max(100),
});
export type PublicSettings = z.infer<typeof PublicSettings>;

export const SettingsChange = PublicSettings.omit({ hasApiKey: true, keyStorage: true }).partial();
export type SettingsChange = z.infer<typeof SettingsChange>;

/** What the desktop can do that a browser cannot (pick folders, show files); the web host says false. */
export const Capabilities = z.object({ pickFolder: z.boolean(), revealFile: z.boolean(), openFile: z.boolean(), startAtLogin: z.boolean(), shortcut: z.boolean() });
export type Capabilities = z.infer<typeof Capabilities>;

export const Snapshot = z.object({
  engineState: EngineState,
  engineMessage: z.string().optional(),
  stats: Stats,
  folders: z.array(FolderView),
  settings: PublicSettings,
  capabilities: Capabilities,
  /** e.g. "the built-in server" or "https://memos.memtensor.cn/…" */
  targetLabel: z.string(),
  pausedUntil: z.number().optional(),
});
export type Snapshot = z.infer<typeof Snapshot>;

const Stamp = { id: z.int().nonnegative(), at: z.number() };
/**
 * One line of activity, as facts rather than words: the window says them in its language, the
 * terminal in English (src/shared/activity-line.ts). `subject` is a folder's name, with a file's
 * path in it for file entries ("library/guide.md"); `detail` is the reason or message exactly as
 * the engine, a folder or MemOS gave it.
 */
export const ActivityEntry = z.discriminatedUnion('kind', [
  z.object({ ...Stamp, kind: z.enum(['added', 'failed', 'skipped', 'deleted']), subject: z.string(), detail: z.string().optional(), fileId: FileId, folderId: Id }),
  /** A folder's problem, and what to do about it when there is something to do. */
  z.object({ ...Stamp, kind: z.literal('folder'), subject: z.string(), detail: z.string(), fix: z.string().optional(), folderId: Id }),
  /** The engine entered `state`. */
  z.object({ ...Stamp, kind: z.literal('engine'), state: EngineState, detail: z.string().optional() }),
]);
export type ActivityEntry = z.infer<typeof ActivityEntry>;

const NewFolder = z.object({
  path: z.string().min(1).max(4096),
  types: SyncTypes.optional(),
  ignore: IgnoreRules.optional(),
  followSymlinks: z.boolean().optional(),
  conversationId: z.string().min(1).max(100).optional(),
});
const FolderChanges = z.object({
  types: SyncTypes.optional(),
  ignore: IgnoreRules.optional(),
  paused: z.boolean().optional(),
  followSymlinks: z.boolean().optional(),
  conversationId: z.string().min(1).max(100).optional(),
});

const None = z.object({}).strict();
const method = <P extends z.ZodType, R extends z.ZodType>(params: P, result: R) => ({ params, result });

export const appMethods = {
  getSnapshot: method(None, Snapshot),
  listFiles: method(
    z.object({ filter: FileFilter, folderId: Id.optional(), text: z.string().max(500).optional(), offset: z.int().nonnegative(), limit: z.int().min(1).max(1000) }).strict(),
    z.object({ total: z.int().nonnegative(), items: z.array(FileView) }),
  ),
  retryFile: method(z.object({ fileId: FileId }).strict(), FileView.nullable()),
  /** Adds an ignore rule for the file's path to its folder. */
  ignoreFile: method(z.object({ fileId: FileId }).strict(), FolderView),
  revealFile: method(z.object({ fileId: FileId }).strict(), z.null()),
  openFile: method(z.object({ fileId: FileId }).strict(), z.null()),
  /** A search result's source file, by its folder-relative path, shown in its folder. */
  revealSource: method(z.object({ folderId: Id.optional(), relativePath: z.string().min(1).max(4096) }).strict(), z.null()),
  pickFolder: method(None, z.object({ path: z.string() }).nullable()),
  addFolder: method(NewFolder.strict(), FolderView),
  removeFolder: method(z.object({ folderId: Id }).strict(), z.null()),
  updateFolder: method(z.object({ folderId: Id, changes: FolderChanges.strict() }).strict(), FolderView),
  /** How many files the types and rules would sync and exclude in a folder, for a live preview. */
  previewRules: method(
    z.object({ path: z.string().min(1).max(4096), types: SyncTypes, ignore: IgnoreRules }).strict(),
    z.object({ candidates: z.int().nonnegative(), excluded: z.int().nonnegative(), truncated: z.boolean() }),
  ),
  /** Files or folders dropped on the window and uploaded once, not watched. */
  uploadOnce: method(z.object({ paths: z.array(z.string().min(1).max(4096)).min(1).max(10_000) }).strict(), z.object({ files: z.int().nonnegative() })),
  pause: method(z.object({ minutes: z.int().positive().max(7 * 24 * 60).optional() }).strict(), z.null()),
  resume: method(None, z.null()),
  search: method(z.object({ query: z.string().min(1).max(2000), limit: z.int().min(1).max(25).optional() }).strict(), SearchMemoryData),
  updateSettings: method(SettingsChange.strict(), PublicSettings),
  /** Sets or clears the API key; it is stored encrypted and never sent back. */
  setApiKey: method(z.object({ apiKey: z.string().min(1).max(4096).nullable() }).strict(), PublicSettings),
  /** Newest first; `text` is found in the entry's English line (src/shared/activity-line.ts): its verb or state, subject and detail. */
  listActivity: method(z.object({ text: z.string().max(500).optional(), limit: z.int().min(1).max(1000) }).strict(), z.array(ActivityEntry)),
} as const;

export type AppMethod = keyof typeof appMethods;
export type MethodParams<M extends AppMethod> = z.input<(typeof appMethods)[M]['params']>;
export type MethodResult<M extends AppMethod> = z.output<(typeof appMethods)[M]['result']>;

export const AppEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('engine'), state: EngineState, message: z.string().optional() }),
  z.object({ type: z.literal('stats'), stats: Stats }),
  z.object({ type: z.literal('file'), file: FileView }),
  z.object({ type: z.literal('folders'), folders: z.array(FolderView) }),
  z.object({ type: z.literal('settings'), settings: PublicSettings }),
  z.object({ type: z.literal('activity'), entry: ActivityEntry }),
  /** The tray or the shortcut asked the window to show a view. */
  z.object({ type: z.literal('navigate'), view: z.enum(['queue', 'folders', 'search', 'activity', 'settings']) }),
]);
export type AppEvent = z.infer<typeof AppEvent>;

/** A failure the window can show: `code` says what kind, `message` says it in words. */
export const AppError = z.object({
  code: z.enum(['invalid', 'not_found', 'unsupported', 'forbidden', 'memos', 'internal']),
  message: z.string(),
});
export type AppError = z.infer<typeof AppError>;

/**
 * How the window hands over what is dropped on it: on the desktop by path (the app reads the
 * files where they are); in a browser by content (the web host stores them, then uploads them).
 */
export type DropHandover =
  | { kind: 'paths'; pathFor: (file: File) => string }
  | { kind: 'upload'; upload: (file: File, relativePath: string) => Promise<void>; finish: () => Promise<{ files: number }> };

/** One transport-neutral API: the renderer holds one of these and does not know how it travels. */
export interface AppApi {
  call<M extends AppMethod>(method: M, params: MethodParams<M>): Promise<MethodResult<M>>;
  /** Returns a function that stops listening. */
  onEvent(listener: (event: AppEvent) => void): () => void;
  drop: DropHandover;
}

/** WebSocket messages between the window in a browser and the web host (`/api/ws?token=…`). */
export const WsRequest = z.object({ id: z.int().nonnegative(), method: z.string().max(100), params: z.unknown() }).strict();
export type WsRequest = z.infer<typeof WsRequest>;
export const WsMessage = z.union([
  z.object({ id: z.int().nonnegative(), result: z.unknown() }).strict(),
  z.object({ id: z.int().nonnegative(), error: AppError }).strict(),
  z.object({ event: AppEvent }).strict(),
]);
export type WsMessage = z.infer<typeof WsMessage>;

/** IPC channel names, in one place (main and preload). */
export const IPC_CALL = 'memos-sync:call';
export const IPC_EVENT = 'memos-sync:event';
