import { copyFile, link, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Worker as ThreadWorker } from 'node:worker_threads';
import { createWorker, OEM, type Worker } from 'tesseract.js';

/**
 * One tesseract.js worker per process (or per worker thread), created on first use, reused,
 * fed one image at a time, and replaced when it fails. Everything it reads comes from
 * node_modules: nothing is fetched and no cache is written.
 */

const LANGUAGES = ['eng', 'chi_sim'];
/** Stops a stuck recognition; the worker is then replaced. Generous: big photos on a busy CPU are slow. */
const OCR_TIMEOUT_MS = 180_000;

export type OcrFailureKind = 'unreadable' | 'timeout' | 'stopped';

export class OcrFailure extends Error {
  override name = 'OcrFailure';
  readonly kind: OcrFailureKind;

  constructor(kind: OcrFailureKind, message: string) {
    super(message);
    this.kind = kind;
  }
}

interface Session {
  ready: Promise<Worker>;
  /** Rejects once the session is over (crash, timeout, close), so no call waits on a dead worker. */
  ended: Promise<never>;
  alive: boolean;
  end(reason: OcrFailure): Promise<void>;
}

const require = createRequire(import.meta.url);
let languageDir: Promise<string> | undefined;
let session: Session | undefined;
let queue: Promise<unknown> = Promise.resolve();

/** The LSTM-only ("best_int") models match the LSTM-only engine tesseract.js runs by default. */
function modelFile(language: string): string {
  const packageDir = dirname(require.resolve(`@tesseract.js-data/${language}/package.json`));
  return join(packageDir, '4.0.0_best_int', `${language}.traineddata.gz`);
}

/**
 * tesseract.js reads every language from one folder, but each data package has its own, so the
 * models are linked (or copied, across file systems) into a private temporary folder.
 */
async function prepareLanguageDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'memos-sync-ocr-'));
  for (const language of LANGUAGES) {
    const source = modelFile(language);
    const target = join(dir, `${language}.traineddata.gz`);
    await link(source, target).catch(() => copyFile(source, target));
  }
  return dir;
}

function languageFolder(): Promise<string> {
  languageDir ??= prepareLanguageDir().catch((error: unknown) => {
    languageDir = undefined;
    throw error;
  });
  return languageDir;
}

function startSession(): Session {
  let finish: (reason: OcrFailure) => void = () => undefined;
  const ended = new Promise<never>((_, reject) => {
    finish = reject;
  });
  ended.catch(() => undefined); // observed by the running call, if there is one

  let created = false;
  let creationFailed: (reason: Error) => void = () => undefined;
  const failedCreation = new Promise<never>((_, reject) => {
    creationFailed = reject;
  });
  failedCreation.catch(() => undefined);

  const ready = languageFolder().then((langPath) => {
    const creation = createWorker(LANGUAGES, OEM.LSTM_ONLY, {
      langPath,
      gzip: true,
      cacheMethod: 'none',
      // Without a handler tesseract.js rethrows job errors as uncaught exceptions. After
      // creation each failed job rejects its own promise, so only creation needs this.
      errorHandler: (error: unknown) => {
        if (!created) creationFailed(new OcrFailure('stopped', `the OCR engine could not start (${String(error)})`));
      },
    });
    return Promise.race([creation, failedCreation]);
  });

  const current: Session = {
    ready,
    ended,
    alive: true,
    end(reason) {
      current.alive = false;
      finish(reason);
      return ready.then(
        (worker) => worker.terminate().then(() => undefined),
        () => undefined,
      );
    },
  };

  void ready.then(
    (worker) => {
      created = true;
      // The raw thread is not in the typings; listening on it turns a crash into a failed call
      // instead of an uncaught 'error' event that would take the whole process down.
      const thread = (worker as unknown as { worker?: ThreadWorker }).worker;
      thread?.on('error', (error) => void current.end(new OcrFailure('stopped', `the OCR engine crashed (${error.message})`)));
      thread?.once('exit', () => void current.end(new OcrFailure('stopped', 'the OCR engine stopped')));
    },
    () => void current.end(new OcrFailure('stopped', 'the OCR engine could not start')),
  );
  return current;
}

function asFailure(error: unknown): OcrFailure {
  if (error instanceof OcrFailure) return error;
  const message = error instanceof Error ? error.message : String(error);
  // Leptonica's words for image bytes it cannot decode; the worker itself is still fine.
  if (/attempting to read image/i.test(message)) return new OcrFailure('unreadable', 'the OCR engine cannot decode this image');
  return new OcrFailure('stopped', `OCR failed (${message})`);
}

async function recognizeNow(image: Buffer): Promise<string> {
  if (!session?.alive) session = startSession();
  const current = session;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new OcrFailure('timeout', `OCR took longer than ${OCR_TIMEOUT_MS / 60_000} minutes`)), OCR_TIMEOUT_MS);
  });
  try {
    const worker = await Promise.race([current.ready, current.ended, timedOut]);
    const result = await Promise.race([worker.recognize(image), current.ended, timedOut]);
    return tidyOcrText(result.data.text);
  } catch (error) {
    const failure = asFailure(error);
    // Anything but an undecodable image may have left the worker broken: replace it.
    if (failure.kind !== 'unreadable') {
      if (session === current) session = undefined;
      await current.end(failure);
    }
    throw failure;
  } finally {
    clearTimeout(timer);
  }
}

/** Text in the image, in English and Simplified Chinese. Calls run one at a time on the shared worker. */
export function recognizeText(image: Buffer): Promise<string> {
  const run = queue.then(() => recognizeNow(image));
  queue = run.catch(() => undefined);
  return run;
}

/** Ends the OCR worker and removes its language folder; a later call starts a new worker. */
export async function closeOcr(): Promise<void> {
  const current = session;
  session = undefined;
  if (current) await current.end(new OcrFailure('stopped', 'the OCR engine was closed'));
  const dir = languageDir;
  languageDir = undefined;
  const path = await dir?.catch(() => undefined);
  if (path) await rm(path, { recursive: true, force: true });
}

const CJK = '\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef';
/** Tesseract separates every Chinese character with a space; Chinese is written without them. */
const SPACE_BETWEEN_CJK = new RegExp(`(?<=[${CJK}])[ \\t]+(?=[${CJK}])`, 'gu');

export function tidyOcrText(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(SPACE_BETWEEN_CJK, '').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
