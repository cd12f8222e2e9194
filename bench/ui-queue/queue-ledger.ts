import type { ObservedFile, StateCounts } from '../../src/engine/ledger/file-ledger.ts';
import { Ledger } from '../../src/engine/ledger/ledger.ts';
import type { FileRecord } from '../../src/engine/ledger/types.ts';
import { FolderSettings } from '../../src/shared/folder-settings.ts';
import { random } from '../lib/random.ts';

/**
 * A ledger as the engine leaves it after syncing many files, filled through the ledger's own
 * steps (observe, check, plan, accept, complete or fail, remove) instead of by syncing real
 * files, which would take hours for 100,000 of them. Ids run in the order the files were
 * found, so the states are interleaved through the list as they are in real use.
 */

type Fate = 'done' | 'queued' | 'failed' | 'skipped' | 'deleted';
/** Shares of each fate; the rest are done. */
const FATES: readonly [Fate, number][] = [
  ['queued', 0.08],
  ['skipped', 0.06],
  ['failed', 0.04],
  ['deleted', 0.03],
];
/** Files found by one scan of one folder: they get consecutive ids. */
const SCAN_SIZE = 1_000;
const MB = 1024 * 1024;

const SKIP_REASONS = [
  'the document has 236 pages; MemOS accepts at most 200',
  'the PDF is password-protected',
  'the PDF is encrypted in a way that cannot be checked; it may need a password',
  'content is a ZIP archive, not a Word (.docx) document',
  'named .txt but the content is binary, not text',
];
const FAIL_REASONS = [
  'MemOS rejected the file: unsupported type or unreadable data (40007)',
  'the PDF is damaged: no cross-reference table',
  'MemOS could not process this file (no reason given)',
  'the image could not be read: unexpected end of file',
];

const ENGLISH_DIRS = ['Documents/reports/2024', 'Documents/contracts', 'Scans/receipts', 'Notes/meetings', 'Projects/atlas/specs', 'Pictures/2023/Travel'];
const ENGLISH_STEMS = ['quarterly-report', 'meeting-notes', 'invoice', 'design-review', 'IMG', 'lease-agreement', 'research-summary'];
const CHINESE_DIRS = ['项目资料/2024年', '扫描件/发票', '合同/供应商', '会议纪要/产品部', '照片/家庭/春节'];
const CHINESE_STEMS = ['会议纪要-第', '增值税发票-', '供应商合同（盖章版）-', '年度预算草案-', '春节合影-'];
const EXTENSIONS = ['pdf', 'pdf', 'docx', 'txt', 'md', 'jpg', 'png'];
const LONG_DIR = 'Archive/Shared with me/Legal and Compliance Department/Regulatory Filings and Correspondence';
const LONG_STEM = 'Final signed version of the amended and restated master services agreement including all schedules and exhibits';
const LONG_CHINESE_DIR = '归档/法务与合规部/监管备案与往来函件';
const LONG_CHINESE_STEM = '经双方签署的经修订和重述的主服务协议最终版本（含全部附表及附件）';

export interface QueueLedgerOptions {
  ledgerFile: string;
  /** Folders the files are spread over (their paths need not exist). */
  folderPaths: readonly string[];
  files: number;
  seed?: number;
}

/** Mostly English and Chinese names in nested folders, with a few very long paths. */
function pathFor(index: number, pick: <T>(items: readonly T[]) => T, chance: () => number): string {
  const number = String(index).padStart(6, '0');
  const extension = pick(EXTENSIONS);
  const roll = chance();
  if (roll < 0.6) return `${pick(ENGLISH_DIRS)}/${pick(ENGLISH_STEMS)}-${number}.${extension}`;
  if (roll < 0.9) return `${pick(CHINESE_DIRS)}/${pick(CHINESE_STEMS)}${number}.${extension}`;
  if (roll < 0.95) return `${LONG_DIR}/${index % 12}/${LONG_STEM} ${number}.${extension}`;
  return `${LONG_CHINESE_DIR}/${index % 12}/${LONG_CHINESE_STEM}${number}.${extension}`;
}

/**
 * Fills a fresh ledger with `files` files in every state a person meets in the queue: done,
 * queued (some waiting to retry), failed and skipped with reasons, deleted. The folders are
 * `once` folders and paused: an engine opened on this ledger neither scans them (which would
 * mark every file deleted, their paths not being on disk) nor uploads their queued files.
 */
export function fillQueueLedger(options: QueueLedgerOptions): StateCounts {
  const rand = random(options.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const fateOf = (): Fate => {
    let edge = 0;
    const roll = rand();
    for (const [fate, share] of FATES) if (roll < (edge += share)) return fate;
    return 'done';
  };
  const ledger = new Ledger(options.ledgerFile);
  const noPausedFolders = new Set<string>();
  let tasks = 0;
  const passCheck = (file: FileRecord): void => {
    const category = /\.(jpg|png)$/.test(file.relativePath) ? 'image' : 'document';
    ledger.files.recordCheck(file.id, { outcome: 'ok', size: file.size, mtimeMs: file.mtimeMs, hash: file.id.toString(16).padStart(64, '0'), category, mime: 'application/octet-stream' });
  };
  /** Plans batches of the queued files and settles each as `settle` says, until none is left or `enough` says so. */
  const sendQueued = (maxFiles: number, settle: (batchId: number) => void, enough = (): boolean => false): void => {
    while (!enough()) {
      const planned = ledger.batches.plan({ maxFiles, maxBytes: 128 * MB }, noPausedFolders);
      if (!planned) return;
      settle(planned.batch.id);
    }
  };
  const accepted = (batchId: number): number => {
    ledger.batches.accepted(batchId, `bench-task-${++tasks}`, Date.now());
    return batchId;
  };

  try {
    const folders = options.folderPaths.map((path, index) => FolderSettings.parse({ id: `bench-folder-${index}`, path, mode: 'once', paused: true }));
    for (const folder of folders) ledger.folders.save(folder);
    const queued: FileRecord[] = [];
    for (let start = 0; start < options.files; start += SCAN_SIZE) {
      const folder = folders[(start / SCAN_SIZE) % folders.length] as FolderSettings;
      const found: ObservedFile[] = [];
      for (let index = start; index < Math.min(options.files, start + SCAN_SIZE); index++) {
        found.push({ relativePath: pathFor(index, pick, rand), size: Math.round(20_000 + rand() ** 3 * 30 * MB), mtimeMs: Date.now() - Math.round(rand() * 400 * 86_400_000) });
      }
      const byFate: Record<Fate, FileRecord[]> = { done: [], queued: [], failed: [], skipped: [], deleted: [] };
      for (const file of ledger.files.observeMany(folder.id, found)) byFate[fateOf()].push(file);

      for (const file of byFate.skipped) ledger.files.recordCheck(file.id, { outcome: 'skip', reason: pick(SKIP_REASONS) });
      // Each failed file in a task of its own that MemOS could not process, as splitting leaves it.
      for (const file of byFate.failed) passCheck(file);
      sendQueued(1, (batchId) => ledger.batches.taskFailed(accepted(batchId), pick(FAIL_REASONS)));
      for (const file of [...byFate.done, ...byFate.deleted]) passCheck(file);
      sendQueued(20, (batchId) => ledger.batches.completed(accepted(batchId)));
      for (const file of byFate.deleted) ledger.files.observeRemoval(file.folderId, file.relativePath);
      // Left checking until every scan is through, so no batch above takes them.
      queued.push(...byFate.queued);
    }
    for (const file of queued) passCheck(file);
    // A third of the queue waits on the retry ladder: MemOS could not be reached.
    let retrying = 0;
    sendQueued(
      20,
      (batchId) => {
        retrying += ledger.batches.sendFailed(batchId, { kind: 'retry', reason: 'MemOS could not be reached', retryAt: () => Date.now() + 10 * 60_000 }).length;
      },
      () => retrying >= queued.length / 3,
    );
    return ledger.files.counts();
  } finally {
    ledger.close();
  }
}
