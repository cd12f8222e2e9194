import type { DatabaseSync } from 'node:sqlite';
import { withSavepoint } from '../../server/store/db.ts';
import { FILE_COLUMNS, type FileRow, toFileRecord } from './file-rows.ts';
import type { BatchRecord, FileRecord } from './types.ts';

export interface PlanLimits {
  maxFiles: number;
  /** Byte budget of a batch (file sizes); one file larger than it still travels, alone. */
  maxBytes: number;
  /**
   * While more files are on their way (being checked), a batch that could still grow is formed
   * only once its oldest file was queued at or before this time; until then it waits to fill.
   */
  fillUntil?: number;
}

export interface PlannedBatch {
  batch: BatchRecord;
  files: FileRecord[];
}

/** Why an upload did not get a task, and what to do with its files. */
export type SendFailure =
  /** Try again later; `retryAt` maps a file's attempt count to when, or undefined when its ladder is exhausted. */
  | { kind: 'retry'; reason: string; retryAt: (attempts: number) => number | undefined }
  /** The batch as a whole was refused: its files go again in batches half the size, and a file alone fails. */
  | { kind: 'split'; reason: string }
  /** Nothing is wrong with the files (the key, the quota): they wait, with no attempt counted. */
  | { kind: 'hold'; reason: string }
  /** Files changed or vanished during the upload: they are checked again, the others go again. */
  | { kind: 'changed'; fileIds: readonly number[] }
  | { kind: 'failed'; reason: string };

interface BatchRow {
  id: number;
  folder_id: string;
  task_id: string | null;
  state: BatchRecord['state'];
  file_count: number;
  bytes: number;
  created_at: number;
  accepted_at: number | null;
  polls: number;
  next_poll_at: number | null;
}

const toBatch = (row: BatchRow): BatchRecord => ({
  id: row.id,
  folderId: row.folder_id,
  taskId: row.task_id,
  state: row.state,
  fileCount: row.file_count,
  bytes: row.bytes,
  createdAt: row.created_at,
  acceptedAt: row.accepted_at,
  polls: row.polls,
  nextPollAt: row.next_poll_at,
});

/** Batches of the ledger: planning them from queued files, and what their uploads and tasks did to those files. */
export class BatchLedger {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  get(id: number): BatchRecord | undefined {
    const row = this.#db.prepare('SELECT * FROM batches WHERE id = ?').get(id) as BatchRow | undefined;
    return row && toBatch(row);
  }

  filesOf(batchId: number): FileRecord[] {
    return (this.#db.prepare(`SELECT ${FILE_COLUMNS} FROM files WHERE batch_id = ? ORDER BY id`).all(batchId) as unknown as FileRow[]).map(toFileRecord);
  }

  /**
   * Packs the oldest queued files of one folder (a batch has one conversation) into a batch
   * within the limits and each file's own `maxBatch`. A file whose content is already on its
   * way under another path waits for it rather than being sent twice.
   */
  plan(limits: PlanLimits, pausedFolders: ReadonlySet<string>, now = Date.now()): PlannedBatch | undefined {
    const eligible = `state = 'queued' AND (not_before IS NULL OR not_before <= ?) AND folder_id NOT IN (SELECT value FROM json_each(?))
      AND NOT EXISTS (SELECT 1 FROM files twin WHERE twin.hash = files.hash AND twin.state IN ('uploading', 'processing'))`;
    const paused = JSON.stringify([...pausedFolders]);
    const first = this.#db.prepare(`SELECT folder_id FROM files WHERE ${eligible} ORDER BY id LIMIT 1`).get(now, paused) as { folder_id: string } | undefined;
    if (!first) return undefined;
    const candidates = (this.#db
      .prepare(`SELECT ${FILE_COLUMNS} FROM files WHERE ${eligible} AND folder_id = ? ORDER BY id LIMIT ?`)
      .all(now, paused, first.folder_id, limits.maxFiles * 5) as unknown as FileRow[]).map(toFileRecord);

    const chosen: FileRecord[] = [];
    const hashes = new Set<string>();
    let bytes = 0;
    let capacity = limits.maxFiles;
    for (const file of candidates) {
      const fileCapacity = Math.min(capacity, file.maxBatch);
      if (chosen.length + 1 > fileCapacity || (chosen.length > 0 && bytes + file.size > limits.maxBytes)) continue;
      if (file.hash && hashes.has(file.hash)) continue;
      chosen.push(file);
      if (file.hash) hashes.add(file.hash);
      bytes += file.size;
      capacity = fileCapacity;
      if (chosen.length >= capacity) break;
    }
    const couldGrow = chosen.length < capacity && chosen.length === candidates.length;
    if (limits.fillUntil !== undefined && couldGrow && chosen.every((file) => file.updatedAt > (limits.fillUntil as number))) return undefined;
    return withSavepoint(this.#db, () => {
      const { lastInsertRowid } = this.#db
        .prepare("INSERT INTO batches (folder_id, state, file_count, bytes, created_at) VALUES (?, 'sending', ?, ?, ?)")
        .run(first.folder_id, chosen.length, bytes, now);
      const batchId = Number(lastInsertRowid);
      const mark = this.#db.prepare("UPDATE files SET state = 'uploading', batch_id = ?, updated_at = ? WHERE id = ?");
      for (const file of chosen) mark.run(batchId, now, file.id);
      return { batch: this.get(batchId) as BatchRecord, files: this.filesOf(batchId) };
    });
  }

  /** MemOS accepted the batch: its task id is recorded before anything else happens. */
  accepted(batchId: number, taskId: string, firstPollAt: number, now = Date.now()): FileRecord[] {
    return withSavepoint(this.#db, () => {
      this.#db.prepare("UPDATE batches SET task_id = ?, state = 'processing', accepted_at = ?, next_poll_at = ? WHERE id = ?").run(taskId, now, firstPollAt, batchId);
      this.#db.prepare("UPDATE files SET state = 'processing', reason = NULL, updated_at = ? WHERE batch_id = ? AND state = 'uploading'").run(now, batchId);
      return this.filesOf(batchId);
    });
  }

  /** The upload got no task: the batch is dissolved and its files go where `failure` says. */
  sendFailed(batchId: number, failure: SendFailure, now = Date.now()): FileRecord[] {
    return withSavepoint(this.#db, () => {
      const files = this.filesOf(batchId).filter((file) => file.state === 'uploading');
      for (const file of files) this.#afterSendFailure(file, files.length, failure, now);
      this.#db.prepare('UPDATE files SET batch_id = NULL WHERE batch_id = ?').run(batchId);
      this.#db.prepare('DELETE FROM batches WHERE id = ?').run(batchId);
      return files.map((file) => this.#file(file.id));
    });
  }

  #afterSendFailure(file: FileRecord, batchSize: number, failure: SendFailure, now: number): void {
    const requeue = this.#db.prepare("UPDATE files SET state = 'queued', reason = ?, attempts = ?, not_before = ?, max_batch = ?, updated_at = ? WHERE id = ?");
    const fail = this.#db.prepare("UPDATE files SET state = 'failed', reason = ?, not_before = NULL, updated_at = ? WHERE id = ?");
    switch (failure.kind) {
      case 'retry': {
        const attempts = file.attempts + 1;
        const at = failure.retryAt(attempts);
        if (at === undefined) {
          this.#db.prepare("UPDATE files SET state = 'failed', reason = ?, attempts = ?, not_before = NULL, updated_at = ? WHERE id = ?").run(`${failure.reason}; gave up after ${attempts} attempts`, attempts, now, file.id);
        } else {
          requeue.run(`${failure.reason}; retrying`, attempts, at, file.maxBatch, now, file.id);
        }
        return;
      }
      case 'split':
        if (batchSize === 1) fail.run(failure.reason, now, file.id);
        else requeue.run(`${failure.reason}; retrying in smaller batches`, file.attempts, null, Math.ceil(batchSize / 2), now, file.id);
        return;
      case 'hold':
        requeue.run(failure.reason, file.attempts, null, file.maxBatch, now, file.id);
        return;
      case 'changed':
        if (failure.fileIds.includes(file.id)) this.#db.prepare("UPDATE files SET state = 'checking', reason = 'changed during the upload; checking it again', updated_at = ? WHERE id = ?").run(now, file.id);
        else requeue.run(null, file.attempts, null, file.maxBatch, now, file.id);
        return;
      case 'failed':
        fail.run(failure.reason, now, file.id);
    }
  }

  /** The task completed: its files are in memory, and so is any queued copy of their content. */
  completed(batchId: number, now = Date.now()): FileRecord[] {
    return withSavepoint(this.#db, () => {
      this.#db.prepare("UPDATE batches SET state = 'completed', next_poll_at = NULL WHERE id = ?").run(batchId);
      const files = this.filesOf(batchId).filter((file) => file.state === 'processing');
      const changed: number[] = [];
      for (const file of files) {
        const recheck = (this.#db.prepare('SELECT recheck FROM files WHERE id = ?').get(file.id) as { recheck: number }).recheck === 1;
        this.#db
          .prepare(`UPDATE files SET state = ?, reason = ?, done_hash = hash, attempts = 0, max_batch = 20, recheck = 0, batch_id = NULL, updated_at = ? WHERE id = ?`)
          .run(recheck ? 'checking' : 'done', recheck ? 'changed during the upload; checking the new version' : null, now, file.id);
        const twins = this.#db
          .prepare(`UPDATE files SET state = 'done', reason = ?, done_hash = hash, updated_at = ? WHERE hash = ? AND state = 'queued' RETURNING id`)
          .all(`same content as ${file.relativePath}, already in memory`, now, file.hash) as unknown as { id: number }[];
        changed.push(file.id, ...twins.map((twin) => twin.id));
      }
      // Files deleted while their task ran still have their memories.
      this.#db.prepare("UPDATE files SET done_hash = hash, batch_id = NULL WHERE batch_id = ? AND state = 'deleted'").run(batchId);
      return changed.map((id) => this.#file(id));
    });
  }

  /** The task failed: a batch of several files is split to find the file that broke it; a file alone fails with the reason. */
  taskFailed(batchId: number, reason: string, now = Date.now()): FileRecord[] {
    return withSavepoint(this.#db, () => {
      this.#db.prepare("UPDATE batches SET state = 'failed', next_poll_at = NULL WHERE id = ?").run(batchId);
      const files = this.filesOf(batchId).filter((file) => file.state === 'processing');
      const split = files.length > 1;
      for (const file of files) {
        if (split) {
          this.#db
            .prepare("UPDATE files SET state = 'queued', reason = 'MemOS could not process its batch; retrying in smaller batches', max_batch = ?, batch_id = NULL, recheck = 0, updated_at = ? WHERE id = ?")
            .run(Math.ceil(files.length / 2), now, file.id);
        } else {
          this.#db.prepare("UPDATE files SET state = 'failed', reason = ?, batch_id = NULL, updated_at = ? WHERE id = ?").run(reason, now, file.id);
        }
      }
      return files.map((file) => this.#file(file.id));
    });
  }

  /** Accepted batches whose task is still running and due for a status poll. */
  duePolls(now = Date.now()): BatchRecord[] {
    const rows = this.#db.prepare("SELECT * FROM batches WHERE state = 'processing' AND (next_poll_at IS NULL OR next_poll_at <= ?) ORDER BY next_poll_at").all(now) as unknown as BatchRow[];
    return rows.map(toBatch);
  }

  nextPollAt(): number | undefined {
    const row = this.#db.prepare("SELECT min(next_poll_at) AS at FROM batches WHERE state = 'processing'").get() as { at: number | null };
    return row.at ?? undefined;
  }

  schedulePoll(batchId: number, at: number): void {
    this.#db.prepare('UPDATE batches SET polls = polls + 1, next_poll_at = ? WHERE id = ?').run(at, batchId);
  }

  /**
   * At start: a batch that was being sent when the app stopped has no task id, so whether
   * MemOS got it is unknown; its files go again (at worst, that batch is sent twice).
   */
  recoverInterrupted(now = Date.now()): FileRecord[] {
    return withSavepoint(this.#db, () => {
      const files = (this.#db
        .prepare(`SELECT ${FILE_COLUMNS} FROM files WHERE state = 'uploading' OR batch_id IN (SELECT id FROM batches WHERE state = 'sending')`)
        .all() as unknown as FileRow[]).map(toFileRecord);
      this.#db.prepare("UPDATE files SET state = 'queued', batch_id = NULL, updated_at = ? WHERE state = 'uploading'").run(now);
      this.#db.prepare("DELETE FROM batches WHERE state = 'sending'").run();
      return files.map((file) => this.#file(file.id));
    });
  }

  #file(id: number): FileRecord {
    return toFileRecord(this.#db.prepare(`SELECT ${FILE_COLUMNS} FROM files WHERE id = ?`).get(id) as unknown as FileRow);
  }
}
