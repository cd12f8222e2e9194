import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi, useSnapshot } from '../api/app-context.tsx';
import { errorMessage } from '../api/app-call-error.ts';
import { filterCount } from '../common/counts.ts';
import { formatBytes, formatCount, formatDuration, formatTime } from '../common/format.ts';
import { translateReason } from '../i18n/reasons.ts';

const PAUSE_HOUR_MINUTES = 60;

/** The engine's state, counts, rate and time left, and pause/resume. */
export function StatusBar() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { engineState, engineMessage, stats, pausedUntil } = useSnapshot();
  const [error, setError] = useState<string>();
  const language = i18n.language;
  // The last rate and time left outlive the work they measured; with nothing in progress they would mislead.
  const working = filterCount(stats, 'active') > 0;

  const run = (action: Promise<unknown>): void => {
    setError(undefined);
    action.catch((failure: unknown) => setError(errorMessage(failure)));
  };

  return (
    <footer className="status-bar" aria-label={t('status.label')}>
      <p className={`engine-state state-${engineState}`}>
        <span className="state-dot" aria-hidden="true" />
        <strong>{t(`engineState.${engineState}`)}</strong>
        {engineMessage && <span className="engine-message">{translateReason(engineMessage, t)}</span>}
        {engineState === 'paused' && pausedUntil !== undefined && <span>{t('status.pausedUntil', { time: formatTime(pausedUntil, language) })}</span>}
      </p>
      <p className="status-counts">
        {(['active', 'done', 'failed', 'skipped'] as const).map((filter) => (
          <span key={filter}>{t(`status.count.${filter}`, { count: filterCount(stats, filter), formatted: formatCount(filterCount(stats, filter), language) })}</span>
        ))}
        {working && stats.bytesPerSecond > 0 && <span>{t('status.rate', { rate: formatBytes(stats.bytesPerSecond, language) })}</span>}
        {working && stats.etaSeconds !== undefined && <span>{t('status.eta', { duration: formatDuration(stats.etaSeconds, t) })}</span>}
        {stats.longRunningTasks > 0 && <span>{t('status.longRunning', { count: stats.longRunningTasks })}</span>}
      </p>
      <div className="status-actions">
        {engineState === 'paused' ? (
          <button type="button" onClick={() => run(api.call('resume', {}))}>
            {t('status.resume')}
          </button>
        ) : (
          <>
            <button type="button" onClick={() => run(api.call('pause', { minutes: PAUSE_HOUR_MINUTES }))}>
              {t('status.pauseHour')}
            </button>
            <button type="button" onClick={() => run(api.call('pause', {}))}>
              {t('status.pause')}
            </button>
          </>
        )}
        {error && (
          <span role="alert" className="error-text">
            {error}
          </span>
        )}
      </div>
    </footer>
  );
}
