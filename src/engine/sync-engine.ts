import { createHash, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { MemosClient } from '../memos/client.ts';
import { FolderSettings, type FolderSettingsInput } from '../shared/folder-settings.ts';
import type { EngineEvent, EngineState, EngineStats } from './engine-events.ts';
import { isCandidate } from './folders/candidates.ts';
import { defaultConversationId } from './folders/conversation-id.ts';
import { FolderRuntime } from './folder-runtime.ts';
import type { CheckOutcome, ObservedFile } from './ledger/file-ledger.ts';
import { Ledger } from './ledger/ledger.ts';
import type { FileRecord } from './ledger/types.ts';
import { preflight } from './preflight/preflight.ts';
import type { RetryLadder } from './retry-ladder.ts';
import { Throughput } from './throughput.ts';
import { DEFAULT_POLL_SCHEDULE, nextPollDelay, type PollSchedule, pollTask } from './track-task.ts';
import { uploadBatch } from './upload-batch.ts';
import { scanFolder } from './watch/scanner.ts';

export interface EngineOptions {
  /** The ledger's SQLite file; one per MemOS target and user, since what is "in memory" depends on them. */
  ledgerFile: string;
  client: MemosClient;
  /** Batches uploading at once. */
  concurrency?: number;
  /** Files checked (typed, counted, hashed) at once. */
  checkConcurrency?: number;
  batchMaxFiles?: number;
  /** Byte budget of one batch. */
  batchMaxBytes?: number;
  /** How long a file's writes must pause before it is picked up. */
  settleMs?: number;
  /** The safety rescan behind the watcher. */
  rescanIntervalMs?: number;
  /** When a file is still being written, check it again after this long. */
  recheckMs?: number;
  /** The retry ladder for transient failures; default 25 s, 2 min, 10 min, 1 h, 5 h, 24 h. */
  retryLadder?: RetryLadder;
  poll?: PollSchedule;
  /** A task running longer than this is counted as long-running in the stats. */
  longTaskMs?: number;
}

const DEFAULTS = {
  concurrency: 2,
  checkConcurrency: 2,
  batchMaxFiles: 20,
  batchMaxBytes: 128 * 1024 * 1024,
  recheckMs: 2_000,
  longTaskMs: 30 * 60_000,
};

const ACTIVE_STATES = ['checking', 'queued', 'uploading', 'processing'] as const;
/**
 * While files are being checked, a batch short of 20 waits up to this long for them: a burst
 * then travels in full batches, not one request per file. A single file is sent at once.
 */
const BATCH_FILL_WAIT_MS = 1_000;
const STATS_INTERVAL_MS = 250;

/**
 * The sync engine: folders in, memories out. Watchers and scans feed the ledger; a pump moves
 * files through checking, batching, uploading and task polling; every change is an event.
 */
export class SyncEngine {
  readonly events = new EventEmitter<{ event: [EngineEvent] }>();
  readonly ledger: Ledger;
  readonly #options: EngineOptions & typeof DEFAULTS;
  #client: MemosClient;
  readonly #runtimes = new Map<string, FolderRuntime>();
  readonly #checking = new Set<number>();
  readonly #uploading = new Set<number>();
  readonly #polling = new Set<number>();
  readonly #throughput = new Throughput();
  readonly #stop = new AbortController();
  #started = false;
  #pausedUntil: number | undefined;
  #attention: string | undefined;
  #offline = false;
  #state: EngineState = 'idle';
  #pumpQueued = false;
  #timer: NodeJS.Timeout | undefined;
  #settledWaiters: (() => void)[] = [];
  #lastStatsAt = 0;
  #statsTimer: NodeJS.Timeout | undefined;

  constructor(options: EngineOptions) {
    this.#options = { ...DEFAULTS, ...options };
    this.#client = options.client;
    this.ledger = new Ledger(options.ledgerFile);
  }

  /** Recovers what a stop interrupted, then scans and watches every folder (or only those named). */
  async start(options: { only?: readonly string[] } = {}): Promise<void> {
    this.#started = true;
    for (const file of this.ledger.batches.recoverInterrupted()) this.#emit({ type: 'file', file });
    const folders = this.ledger.folders.all().filter((folder) => !options.only || options.only.includes(folder.id));
    await Promise.all(folders.map((folder) => this.#startFolder(folder)));
    this.#pump();
  }

  async stop(): Promise<void> {
    this.#stop.abort(new Error('the engine stopped'));
    clearTimeout(this.#timer);
    clearTimeout(this.#statsTimer);
    await Promise.all([...this.#runtimes.values()].map((runtime) => runtime.stop()));
    this.#runtimes.clear();
    this.ledger.close();
  }

  async addFolder(input: Omit<FolderSettingsInput, 'id'> & { id?: string }): Promise<FolderSettings> {
    const path = resolve(input.path);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isDirectory()) throw new Error(`${path} is not a folder that exists`);
    if (this.ledger.folders.all().some((folder) => folder.path === path)) throw new Error(`${path} is already synced`);
    const settings = FolderSettings.parse({ ...input, id: input.id ?? randomUUID(), path });
    this.ledger.folders.save(settings);
    if (this.#started) await this.#startFolder(settings);
    return settings;
  }

  /** Stops syncing a folder; what was uploaded stays in memory. */
  async removeFolder(id: string): Promise<void> {
    await this.#runtimes.get(id)?.stop();
    this.#runtimes.delete(id);
    this.ledger.folders.remove(id);
  }

  /** Changes a folder's settings (types, ignore rules, pause); the folder is rescanned under the new rules. */
  async updateFolder(id: string, changes: Partial<Omit<FolderSettingsInput, 'id' | 'path'>>): Promise<FolderSettings> {
    const current = this.ledger.folders.get(id);
    if (!current) throw new Error(`no folder has the id ${id}`);
    const settings = FolderSettings.parse({ ...current, ...changes });
    this.ledger.folders.save(settings);
    const runtime = this.#runtimes.get(id);
    if (runtime) {
      await runtime.stop();
      await this.#startFolder(settings);
    }
    return settings;
  }

  folders(): FolderSettings[] {
    return this.ledger.folders.all();
  }

  /** Pauses all uploads, for `ms` or until resumed; checking and watching go on. */
  pause(ms?: number): void {
    this.#pausedUntil = ms === undefined ? Number.POSITIVE_INFINITY : Date.now() + ms;
    this.#pump();
  }

  resume(): void {
    this.#pausedUntil = undefined;
    this.#attention = undefined;
    this.#pump();
  }

  /** A new client (new key, new target): anything held for the person's attention goes again. */
  setClient(client: MemosClient): void {
    this.#client = client;
    this.#attention = undefined;
    this.#pump();
  }

  retryFile(fileId: number): FileRecord | undefined {
    const file = this.ledger.files.retry(fileId);
    if (file) this.#emit({ type: 'file', file });
    this.#pump();
    return file;
  }

  get state(): EngineState {
    return this.#state;
  }

  stats(now = Date.now()): EngineStats {
    const counts = this.ledger.files.counts();
    const pendingBytes = counts.checking.bytes + counts.queued.bytes + counts.uploading.bytes;
    const bytesPerSecond = this.#throughput.bytesPerSecond(now);
    const longRunningTasks = this.ledger.batches.duePolls(Number.POSITIVE_INFINITY).filter((batch) => (batch.acceptedAt ?? now) < now - this.#options.longTaskMs).length;
    return { counts, pendingBytes, bytesPerSecond, etaSeconds: bytesPerSecond > 0 ? pendingBytes / bytesPerSecond : undefined, longRunningTasks };
  }

  /** Resolves once no file is being checked, queued, uploaded or processed (files waiting on the retry ladder count as queued). */
  whenSettled(): Promise<void> {
    if (this.#isSettled()) return Promise.resolve();
    return new Promise((done) => this.#settledWaiters.push(done));
  }

  /** Resolves once every folder's first scan has ended and its watcher is ready. */
  async whenReady(): Promise<void> {
    await Promise.all([...this.#runtimes.values()].map((runtime) => runtime.ready));
  }

  /**
   * Uploads dropped files and folders once, without watching them. Each lands in a `once`
   * folder (its own or its parent's), so it shows in the queue and goes through the same checks.
   */
  async uploadOnce(paths: readonly string[]): Promise<number> {
    let files = 0;
    for (const path of paths.map((entry) => resolve(entry))) {
      const info = await stat(path).catch(() => undefined);
      if (!info) throw new Error(`${path} does not exist`);
      const folderPath = info.isDirectory() ? path : dirname(path);
      const folder = this.#onceFolder(folderPath);
      const found: ObservedFile[] = [];
      if (info.isDirectory()) {
        for await (const file of scanFolder(folder, { signal: this.#stop.signal })) found.push({ relativePath: file.relativePath, size: file.size, mtimeMs: file.mtimeMs });
      } else if (isCandidate(basename(path), folder.types)) {
        found.push({ relativePath: basename(path), size: info.size, mtimeMs: info.mtimeMs });
      }
      // A dropped file that is already known is checked again: the person asked for it.
      for (const file of found) this.ledger.files.forgetUnlessDone(folder.id, file.relativePath);
      this.#observe(folder.id, () => this.ledger.files.observeMany(folder.id, found));
      files += found.length;
    }
    return files;
  }

  #onceFolder(path: string): FolderSettings {
    const existing = this.ledger.folders.all().find((folder) => folder.path === path);
    if (existing) return existing;
    const settings = FolderSettings.parse({ id: `once-${createHash('sha256').update(path).digest('hex').slice(0, 16)}`, path, mode: 'once' });
    this.ledger.folders.save(settings);
    return settings;
  }

  /** The person ignores a file: a rule for its path joins its folder's rules, and the file leaves the queue. */
  async ignoreFile(fileId: number): Promise<FolderSettings> {
    const file = this.ledger.files.get(fileId);
    if (!file) throw new Error(`no file has the id ${fileId}`);
    const folder = this.ledger.folders.get(file.folderId) as FolderSettings;
    const rule = `/${file.relativePath.replace(/[\\*?[\]!#]/g, (char) => `\\${char}`)}`;
    this.ledger.files.forget(folder.id, [file.relativePath]);
    return folder.ignore.includes(rule) ? folder : this.updateFolder(folder.id, { ignore: [...folder.ignore, rule] });
  }

  async #startFolder(settings: FolderSettings): Promise<void> {
    if (settings.mode === 'once') return;
    const runtime = new FolderRuntime(settings, { settleMs: this.#options.settleMs, rescanIntervalMs: this.#options.rescanIntervalMs }, {
      onFiles: (files) => this.#observe(settings.id, () => this.ledger.files.observeMany(settings.id, files)),
      onRemoved: (relativePath) => this.#observe(settings.id, () => [this.ledger.files.observeRemoval(settings.id, relativePath)].flatMap((file) => file ?? [])),
      onScanned: (seen, unreadable) => this.#observe(settings.id, () => this.#reconcile(settings, seen, unreadable)),
      onStatus: (status) => this.#emit({ type: 'folder', folderId: settings.id, ...status }),
    });
    this.#runtimes.set(settings.id, runtime);
    await runtime.start();
  }

  /**
   * What a full scan did not see was deleted while nobody watched, unless it is still on disk:
   * then the folder's rules now exclude it, and it is forgotten rather than called deleted.
   */
  #reconcile(settings: FolderSettings, seen: ReadonlySet<string>, unreadable: readonly string[]): FileRecord[] {
    const unseen = this.ledger.files.unseen(settings.id, seen, unreadable);
    const excluded = unseen.filter((path) => existsSync(join(settings.path, ...path.split('/'))));
    this.ledger.files.forget(settings.id, excluded);
    return unseen.filter((path) => !excluded.includes(path)).flatMap((path) => this.ledger.files.observeRemoval(settings.id, path) ?? []);
  }

  #observe(folderId: string, record: () => FileRecord[]): void {
    // Events of a folder removed a moment ago may still arrive; they have nowhere to go.
    if (this.#stop.signal.aborted || !this.ledger.folders.get(folderId)) return;
    for (const file of record()) this.#emit({ type: 'file', file });
    this.#pump();
  }

  #emit(event: EngineEvent): void {
    this.events.emit('event', event);
  }

  /** Moves work along: many callers ask, one run per tick does it. */
  #pump(): void {
    if (this.#pumpQueued || this.#stop.signal.aborted) return;
    this.#pumpQueued = true;
    setImmediate(() => {
      this.#pumpQueued = false;
      if (this.#stop.signal.aborted) return;
      this.#startChecks();
      this.#startUploads();
      this.#startPolls();
      this.#armTimer();
      this.#updateState();
    });
  }

  #startChecks(): void {
    const free = this.#options.checkConcurrency - this.#checking.size;
    if (free <= 0) return;
    const due = this.ledger.files.dueForCheck(free + this.#checking.size).filter((file) => !this.#checking.has(file.id)).slice(0, free);
    for (const file of due) {
      const folder = this.ledger.folders.get(file.folderId);
      if (!folder) continue;
      this.#checking.add(file.id);
      void this.#check(file, folder).finally(() => {
        this.#checking.delete(file.id);
        this.#pump();
      });
    }
  }

  async #check(file: FileRecord, folder: FolderSettings): Promise<void> {
    const path = join(folder.path, ...file.relativePath.split('/'));
    let outcome: CheckOutcome;
    try {
      const result = await preflight(path, file.relativePath, { signal: this.#stop.signal });
      outcome = result.outcome === 'retry' ? { outcome: 'retry', reason: result.reason, retryAt: Date.now() + this.#options.recheckMs } : result;
    } catch (error) {
      if (this.#stop.signal.aborted) return;
      outcome = { outcome: 'retry', reason: `could not check the file: ${(error as Error).message}`, retryAt: Date.now() + this.#options.recheckMs };
    }
    if (this.#stop.signal.aborted) return;
    const recorded = this.ledger.files.recordCheck(file.id, outcome);
    if (recorded) this.#emit({ type: 'file', file: recorded });
  }

  #uploadsAllowed(now: number): boolean {
    if (this.#pausedUntil !== undefined && now >= this.#pausedUntil) this.#pausedUntil = undefined;
    return this.#pausedUntil === undefined && this.#attention === undefined;
  }

  #startUploads(): void {
    const now = Date.now();
    const paused = new Set(this.ledger.folders.all().filter((folder) => folder.paused).map((folder) => folder.id));
    const fillUntil = this.#checking.size > 0 ? now - BATCH_FILL_WAIT_MS : undefined;
    while (this.#uploading.size < this.#options.concurrency && this.#uploadsAllowed(now)) {
      const planned = this.ledger.batches.plan({ maxFiles: this.#options.batchMaxFiles, maxBytes: this.#options.batchMaxBytes, fillUntil }, paused, now);
      if (!planned) return;
      const folder = this.ledger.folders.get(planned.batch.folderId) as FolderSettings;
      this.#uploading.add(planned.batch.id);
      for (const file of planned.files) this.#emit({ type: 'file', file });
      this.#emit({ type: 'batch', batch: planned.batch });
      const conversationId = folder.conversationId ?? defaultConversationId(folder.path);
      void uploadBatch(planned, { client: this.#client, folder, conversationId, ladder: this.#options.retryLadder, signal: this.#stop.signal })
        .then((outcome) => {
          if (this.#stop.signal.aborted) return;
          if (outcome.accepted) {
            this.#offline = false;
            this.#throughput.record(planned.batch.bytes);
            const files = this.ledger.batches.accepted(planned.batch.id, outcome.taskId, Date.now() + (this.#options.poll ?? DEFAULT_POLL_SCHEDULE).firstMs);
            for (const file of files) this.#emit({ type: 'file', file });
          } else {
            this.#offline = outcome.offline === true;
            if (outcome.attention) this.#attention = outcome.attention;
            for (const file of this.ledger.batches.sendFailed(planned.batch.id, outcome.failure)) this.#emit({ type: 'file', file });
          }
        })
        .finally(() => {
          this.#uploading.delete(planned.batch.id);
          this.#pump();
        });
    }
  }

  #startPolls(): void {
    for (const batch of this.ledger.batches.duePolls()) {
      if (this.#polling.has(batch.id)) continue;
      this.#polling.add(batch.id);
      void pollTask(this.#client, batch, this.#stop.signal)
        .then((outcome) => {
          if (this.#stop.signal.aborted) return;
          if (outcome.status === 'running' || outcome.status === 'unknown') {
            if (outcome.status === 'unknown' && outcome.attention) this.#attention = outcome.attention;
            this.ledger.batches.schedulePoll(batch.id, Date.now() + nextPollDelay(batch.polls, this.#options.poll));
            return;
          }
          const files = outcome.status === 'completed' ? this.ledger.batches.completed(batch.id) : this.ledger.batches.taskFailed(batch.id, outcome.reason);
          for (const file of files) this.#emit({ type: 'file', file });
          const ended = this.ledger.batches.get(batch.id);
          if (ended) this.#emit({ type: 'batch', batch: ended });
        })
        .finally(() => {
          this.#polling.delete(batch.id);
          this.#pump();
        });
    }
  }

  /** Wakes the pump when the next retry, recheck, poll, pause end or batch fill wait is due. */
  #armTimer(): void {
    clearTimeout(this.#timer);
    const pauseEnd = this.#pausedUntil !== undefined && Number.isFinite(this.#pausedUntil) ? this.#pausedUntil : undefined;
    // A batch waiting to fill is looked at again when its wait may be over.
    const fillWaitEnd = this.#checking.size > 0 ? Date.now() + BATCH_FILL_WAIT_MS : undefined;
    const due = [this.ledger.files.nextWakeAt(), this.ledger.batches.nextPollAt(), pauseEnd, fillWaitEnd].filter((at): at is number => at !== undefined);
    if (due.length === 0) return;
    const delay = Math.min(Math.max(Math.min(...due) - Date.now(), 10), 60_000);
    this.#timer = setTimeout(() => this.#pump(), delay);
    this.#timer.unref();
  }

  #isSettled(): boolean {
    const counts = this.ledger.files.counts();
    return ACTIVE_STATES.every((state) => counts[state].files === 0) && this.#checking.size === 0 && this.#uploading.size === 0;
  }

  #updateState(): void {
    const counts = this.ledger.files.counts();
    const active = ACTIVE_STATES.some((state) => counts[state].files > 0);
    const state: EngineState = this.#attention ? 'attention' : !this.#uploadsAllowed(Date.now()) ? 'paused' : this.#offline ? 'offline' : active ? 'syncing' : 'idle';
    if (state !== this.#state) {
      this.#state = state;
      this.#emit({ type: 'engine', state, ...(this.#attention ? { message: this.#attention } : {}) });
    }
    this.#emitStats();
    if (this.#isSettled()) for (const done of this.#settledWaiters.splice(0)) done();
  }

  /** Stats go out at most every STATS_INTERVAL_MS, and once more after the last change, so a burst does not flood listeners. */
  #emitStats(): void {
    const wait = this.#lastStatsAt + STATS_INTERVAL_MS - Date.now();
    if (wait <= 0) {
      this.#lastStatsAt = Date.now();
      this.#emit({ type: 'stats', stats: this.stats() });
      return;
    }
    this.#statsTimer ??= setTimeout(() => {
      this.#statsTimer = undefined;
      if (!this.#stop.signal.aborted) this.#emitStats();
    }, wait);
    this.#statsTimer.unref();
  }
}
