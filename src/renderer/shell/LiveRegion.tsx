import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EngineState } from '../../shared/app-api.ts';
import { useAppEvents } from '../api/app-context.tsx';

/** At most one announcement this often, so a busy sync does not drown a screen reader. */
const ANNOUNCE_EVERY_MS = 3000;

interface Pending {
  state?: EngineState;
  done: number;
  failed: string[];
}

/** A polite live region: engine state changes and files that finished or failed, summed up. */
export function LiveRegion() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const pending = useRef<Pending>({ done: 0, failed: [] });
  const lastState = useRef<EngineState | undefined>(undefined);
  const dirty = useRef(false);

  useAppEvents((event) => {
    if (event.type === 'engine' && event.state !== lastState.current) {
      lastState.current = event.state;
      pending.current.state = event.state;
      dirty.current = true;
    } else if (event.type === 'file' && (event.file.state === 'done' || event.file.state === 'failed')) {
      if (event.file.state === 'done') pending.current.done += 1;
      else pending.current.failed.push(event.file.relativePath);
      dirty.current = true;
    }
  });

  useEffect(() => {
    const timer = setInterval(() => {
      if (!dirty.current) return;
      const { state, done, failed } = pending.current;
      const parts = [
        state && t('live.state', { state: t(`engineState.${state}`) }),
        done > 0 && t('live.done', { count: done }),
        failed.length > 0 && t('live.failed', { count: failed.length, names: failed.slice(0, 3).join(', ') }),
      ].filter((part): part is string => typeof part === 'string');
      pending.current = { done: 0, failed: [] };
      dirty.current = false;
      setText(parts.join(' '));
    }, ANNOUNCE_EVERY_MS);
    return () => clearInterval(timer);
  }, [t]);

  return (
    <div role="status" aria-live="polite" className="visually-hidden" data-testid="live-region">
      {text}
    </div>
  );
}
