import type { DropNotice } from './use-hand-over.ts';

export function DropNoticeLine({ notice }: { notice: DropNotice | undefined }) {
  return (
    <p role={notice?.kind === 'error' ? 'alert' : 'status'} className={`drop-notice ${notice ? `notice-${notice.kind}` : ''}`} data-testid="drop-notice">
      {notice?.text}
    </p>
  );
}
