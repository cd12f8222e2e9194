import type { DatabaseSync } from 'node:sqlite';
import { withSavepoint } from '../../server/store/db.ts';
import { FILE_COLUMNS, type FileRow, toFileRecord } from './file-rows.ts';
import { FILE_STATES, type FileRecord, type FileState } from './types.ts';

export interface ObservedFile {
  relativePath: string;
  size: number;
  mtimeMs: number;
}

/** What checking a file found; see src/engine/preflight. */
export type CheckOutcome =
  | { outcome: 'ok'; size: number; mtimeMs: number; hash: string; category: 'document' | 'image'; mime: string }
  | { outcome: 'skip'; reason: string; size?: number; mtimeMs?: number; hash?: string }
  | { outcome: 'retry'; reason: string; retryAt: number }
  | { outcome: 'gone' };

export type StateCounts = Record<FileState, { files: number; bytes: number }>;

const IN_FLIGHT: ReadonlySet<FileState> = new Set(['uploading', 'processing']);

/** Files of the ledger: what the folders hold, what each file's state is, and why. */
export class FileLedger {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  get(id: number): FileRecord | undefined {
    const row = this.#db.prepare(`SELECT ${FILE_COLUMNS} FROM files WHERE id = ?`).get(id) as FileRow | undefined;
    return row && toFileRecord(row);
  }

  byPath(folderId: string, relativePath: string): FileRecord | undefined {
    const row = this.#db.prepare(`SELECT ${FILE_COLUMNS} FROM files WHERE folder_id = ? AND rel_path = ?`).get(folderId, relativePath) as FileRow | undefined;
    return row && toFileRecord(row);
  }

  /**
   * Records that a file exists with this size and time. New, reappeared or changed files are
   * (re)checked; a file whose size and time match the ledger is left alone, so a restart
   * hashes nothing. A file that changes while it is uploading is rechecked once its batch ends.
   */
  observe(folderId: string, file: ObservedFile, now = Date.now()): FileRecord | undefined {
    const known = this.byPath(folderId, file.relativePath);
    if (!known) {
      this.#db
        .prepare('INSERT INTO files (folder_id, rel_path, size, mtime_ms, state, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(folderId, file.relativePath, file.size, file.mtimeMs, 'checking', now);
      return this.byPath(folderId, file.relativePath);
    }
    const unchanged = known.size === file.size && known.mtimeMs === file.mtimeMs;
    if (unchanged && known.state !== 'deleted') return undefined;
    if (IN_FLIGHT.has(known.state)) {
      this.#db.prepare('UPDATE files SET size = ?, mtime_ms = ?, recheck = 1, updated_at = ? WHERE id = ?').run(file.size, file.mtimeMs, now, known.id);
      return undefined;
    }
    this.#db
      .prepare("UPDATE files SET size = ?, mtime_ms = ?, state = 'checking', reason = NULL, attempts = 0, not_before = NULL, max_batch = 20, updated_at = ? WHERE id = ?")
      .run(file.size, file.mtimeMs, now, known.id);
    return this.get(known.id);
  }

  /** `observe` for many files in one transaction (a scan). */
  observeMany(folderId: string, files: readonly ObservedFile[], now = Date.now()): FileRecord[] {
    return withSavepoint(this.#db, () => files.flatMap((file) => this.observe(folderId, file, now) ?? []));
  }

  /** A file is gone from disk: recorded, and its memories are kept. */
  observeRemoval(folderId: string, relativePath: string, now = Date.now()): FileRecord | undefined {
    const known = this.byPath(folderId, relativePath);
    if (!known || known.state === 'deleted') return undefined;
    const reason = known.doneHash ? 'deleted from disk; its memories are kept' : 'deleted from disk before it was uploaded';
    this.#db.prepare("UPDATE files SET state = 'deleted', reason = ?, not_before = NULL, updated_at = ? WHERE id = ?").run(reason, now, known.id);
    return this.get(known.id);
  }

  /**
   * After a full scan: the folder's files that the scan did not see, except under directories
   * it could not read, whose files are unknown. The engine tells deleted ones from excluded ones.
   */
  unseen(folderId: string, seen: ReadonlySet<string>, unreadableDirectories: readonly string[] = []): string[] {
    const rows = this.#db.prepare("SELECT rel_path FROM files WHERE folder_id = ? AND state != 'deleted'").all(folderId) as unknown as { rel_path: string }[];
    const unknown = (path: string): boolean => unreadableDirectories.some((directory) => directory === '' || path.startsWith(`${directory}/`));
    return rows.map((row) => row.rel_path).filter((path) => !seen.has(path) && !unknown(path));
  }

  /** Drops files from the ledger: the person excluded them, so they are no longer the app's business. */
  forget(folderId: string, relativePaths: readonly string[]): number {
    return withSavepoint(this.#db, () => relativePaths.reduce((total, path) => total + Number(this.#db.prepare('DELETE FROM files WHERE folder_id = ? AND rel_path = ?').run(folderId, path).changes), 0));
  }

  /** A skipped or failed file is forgotten so that observing it again checks it afresh; one in memory or on its way stays. */
  forgetUnlessDone(folderId: string, relativePath: string): void {
    this.#db.prepare("DELETE FROM files WHERE folder_id = ? AND rel_path = ? AND state IN ('skipped', 'failed')").run(folderId, relativePath);
  }

  /** Files waiting to be checked whose time has come, oldest first. */
  dueForCheck(limit: number, now = Date.now()): FileRecord[] {
    const rows = this.#db
      .prepare(`SELECT ${FILE_COLUMNS} FROM files WHERE state = 'checking' AND (not_before IS NULL OR not_before <= ?) ORDER BY id LIMIT ?`)
      .all(now, limit) as unknown as FileRow[];
    return rows.map(toFileRecord);
  }

  /**
   * Records a check. Identity is the content: a file whose content is already in memory, under
   * this path or another (a rename, a copy, a touch), is done without uploading it again.
   */
  recordCheck(id: number, check: CheckOutcome, now = Date.now()): FileRecord | undefined {
    const known = this.get(id);
    if (!known || known.state !== 'checking') return undefined;
    if (check.outcome === 'gone') return this.observeRemoval(known.folderId, known.relativePath, now);
    if (check.outcome === 'retry') {
      this.#db.prepare('UPDATE files SET reason = ?, not_before = ?, updated_at = ? WHERE id = ?').run(check.reason, check.retryAt, now, id);
    } else if (check.outcome === 'skip') {
      this.#db
        .prepare("UPDATE files SET state = 'skipped', reason = ?, size = COALESCE(?, size), mtime_ms = COALESCE(?, mtime_ms), hash = COALESCE(?, hash), updated_at = ? WHERE id = ?")
        .run(check.reason, check.size ?? null, check.mtimeMs ?? null, check.hash ?? null, now, id);
    } else {
      const [state, reason] = this.#afterGoodCheck(known, check.hash);
      this.#db
        .prepare('UPDATE files SET state = ?, reason = ?, size = ?, mtime_ms = ?, hash = ?, category = ?, mime = ?, done_hash = CASE WHEN ? = ? THEN ? ELSE done_hash END, not_before = NULL, updated_at = ? WHERE id = ?')
        .run(state, reason, check.size, check.mtimeMs, check.hash, check.category, check.mime, state, 'done', check.hash, now, id);
    }
    return this.get(id);
  }

  #afterGoodCheck(file: FileRecord, hash: string): [FileState, string | null] {
    if (file.doneHash === hash) return ['done', 'unchanged since it was uploaded'];
    const twin = this.#db.prepare('SELECT rel_path FROM files WHERE done_hash = ? LIMIT 1').get(hash) as { rel_path: string } | undefined;
    if (twin) return ['done', `same content as ${twin.rel_path}, already in memory`];
    return ['queued', null];
  }

  /** The person asked to try a skipped or failed file again: it is checked afresh. */
  retry(id: number, now = Date.now()): FileRecord | undefined {
    const result = this.#db
      .prepare("UPDATE files SET state = 'checking', reason = NULL, attempts = 0, not_before = NULL, max_batch = 20, updated_at = ? WHERE id = ? AND state IN ('skipped', 'failed')")
      .run(now, id);
    return result.changes > 0 ? this.get(id) : undefined;
  }

  counts(): StateCounts {
    const counts = Object.fromEntries(FILE_STATES.map((state) => [state, { files: 0, bytes: 0 }])) as StateCounts;
    const rows = this.#db.prepare('SELECT state, count(*) AS files, coalesce(sum(size), 0) AS bytes FROM files GROUP BY state').all() as unknown as { state: FileState; files: number; bytes: number }[];
    for (const row of rows) counts[row.state] = { files: row.files, bytes: row.bytes };
    return counts;
  }

  list(options: { folderId?: string; states?: readonly FileState[]; limit: number; offset?: number }): FileRecord[] {
    const states = options.states ?? FILE_STATES;
    const rows = this.#db
      .prepare(`SELECT ${FILE_COLUMNS} FROM files WHERE state IN (SELECT value FROM json_each(?)) AND (? IS NULL OR folder_id = ?) ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?`)
      .all(JSON.stringify(states), options.folderId ?? null, options.folderId ?? null, options.limit, options.offset ?? 0) as unknown as FileRow[];
    return rows.map(toFileRecord);
  }

  /**
   * One page of the queue and how many files match in all, for a window that scrolls through
   * 100,000 of them. Ordered by id, so pages stay put while files change state; `text` matches
   * anywhere in the path, ignoring ASCII case. Each state's files come in id order from their
   * index and are merged, so a page deep in the list reads the index entries before it but never
   * sorts the whole list, and reads only its own rows.
   */
  page(options: { folderId?: string; states?: readonly FileState[]; text?: string; limit: number; offset: number }): { total: number; items: FileRecord[] } {
    const states = options.states ?? FILE_STATES;
    if (states.length === 0) return { total: 0, items: [] };
    const filters = '(? IS NULL OR folder_id = ?) AND (? IS NULL OR instr(lower(rel_path), lower(?)) > 0)';
    const folderId = options.folderId ?? null;
    const text = options.text || null;
    const filterArgs = [folderId, folderId, text, text];
    const { total } = this.#db
      .prepare(`SELECT count(*) AS total FROM files WHERE state IN (SELECT value FROM json_each(?)) AND ${filters}`)
      .get(JSON.stringify(states), ...filterArgs) as { total: number };
    const ids = `${states.map(() => `SELECT id FROM files WHERE state = ? AND ${filters}`).join(' UNION ALL ')} ORDER BY id LIMIT ? OFFSET ?`;
    const rows = this.#db
      .prepare(`SELECT ${FILE_COLUMNS} FROM files WHERE id IN (${ids}) ORDER BY id`)
      .all(...states.flatMap((state) => [state, ...filterArgs]), options.limit, options.offset) as unknown as FileRow[];
    return { total, items: rows.map(toFileRecord) };
  }

  /** The earliest time a waiting file becomes due (a retry, a recheck), if any. */
  nextWakeAt(): number | undefined {
    const row = this.#db.prepare("SELECT min(not_before) AS at FROM files WHERE state IN ('checking', 'queued') AND not_before IS NOT NULL").get() as { at: number | null };
    return row.at ?? undefined;
  }
}
