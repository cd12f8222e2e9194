import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { activityLine, activityMatches } from '../../shared/activity-line.ts';
import type { ActivityEntry } from '../../shared/app-api.ts';
import { useApi, useAppEvents } from '../api/app-context.tsx';
import { errorMessage } from '../api/app-call-error.ts';
import { formatTime } from '../common/format.ts';
import { useDebounced } from '../common/use-debounced.ts';
import { activityWords } from './activity-words.ts';

const LIMIT = 300;

/** Recent events, newest first, searchable, with new ones arriving live. */
export function ActivityView() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [text, setText] = useState('');
  const [entries, setEntries] = useState<ActivityEntry[]>([]);
  const [error, setError] = useState<string>();
  const filter = useDebounced(text.trim(), 250);
  const words = useMemo(() => activityWords(t), [t]);

  useEffect(() => {
    let live = true;
    api.call('listActivity', { text: filter || undefined, limit: LIMIT }).then(
      (list) => {
        if (!live) return;
        setEntries(list);
        setError(undefined);
      },
      (failure: unknown) => live && setError(errorMessage(failure)),
    );
    return () => {
      live = false;
    };
  }, [api, filter]);

  useAppEvents((event) => {
    if (event.type !== 'activity') return;
    if (!activityMatches(event.entry, filter)) return;
    setEntries((current) => (current.some((entry) => entry.id === event.entry.id) ? current : [event.entry, ...current].slice(0, LIMIT)));
  });

  return (
    <section className="activity-view" aria-labelledby="activity-heading">
      <div className="view-header">
        <h2 id="activity-heading">{t('views.activity')}</h2>
        <label className="inline-field">
          <span>{t('activity.find')}</span>
          <input type="search" value={text} onChange={(event) => setText(event.target.value)} />
        </label>
      </div>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {entries.length === 0 ? (
        <p className="empty">{t(filter ? 'activity.noMatch' : 'activity.none')}</p>
      ) : (
        <ol className="activity-list">
          {entries.map((entry) => (
            <li key={entry.id} className={`activity kind-${entry.kind}`}>
              <time dateTime={new Date(entry.at).toISOString()}>{formatTime(entry.at, i18n.language)}</time>
              <span className={`badge badge-activity-${entry.kind}`}>{t(`activity.kind.${entry.kind}`)}</span>
              <span className="activity-text">{activityLine(entry, words)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
