/** What a failed file-system call means for preflight: the file is gone, unreadable for good, or busy for now. */
export type IoOutcome = { outcome: 'gone' } | { outcome: 'skip'; reason: string } | { outcome: 'retry'; reason: string };

const GONE = new Set(['ENOENT', 'ENOTDIR']);
const DENIED = new Set(['EACCES', 'EPERM']);
/** Windows sharing locks (EBUSY) and descriptor exhaustion pass on their own. */
const BUSY: Record<string, string> = {
  EBUSY: 'the file is locked by another program',
  ETXTBSY: 'the file is locked by another program',
  EAGAIN: 'the file is temporarily unavailable',
  EMFILE: 'too many files are open right now',
  ENFILE: 'too many files are open right now',
};

export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Maps an I/O error to an outcome. Unknown errors (EIO and the like) are retried rather than
 * made final: the retry ladder bounds how often, and a person sees the reason meanwhile.
 */
export function ioOutcome(error: unknown): IoOutcome {
  const code = errorCode(error);
  if (code && GONE.has(code)) return { outcome: 'gone' };
  if (code && DENIED.has(code)) return { outcome: 'skip', reason: 'cannot read the file: permission denied' };
  if (code === 'ELOOP') return { outcome: 'skip', reason: 'the path is a loop of symbolic links' };
  const busy = code ? BUSY[code] : undefined;
  if (busy) return { outcome: 'retry', reason: busy };
  const detail = error instanceof Error ? error.message : String(error);
  return { outcome: 'retry', reason: `cannot read the file (${detail})` };
}
