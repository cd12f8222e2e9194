import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchMemoryData } from '../../shared/memos-wire.ts';
import { useApi } from '../api/app-context.tsx';
import { errorMessage } from '../api/app-call-error.ts';
import { useTargetLabel } from '../common/use-target-label.ts';
import { SEARCH_INPUT_ID } from '../shell/focus.ts';
import { queryTerms } from './highlight.ts';
import { MemoryResult } from './MemoryResult.tsx';
import { OtherMemories } from './OtherMemories.tsx';

type Outcome = { kind: 'idle' } | { kind: 'busy' } | { kind: 'error'; message: string } | { kind: 'done'; query: string; data: SearchMemoryData };

/** Searches what MemOS remembers, on whichever target the app uses. */
export function SearchView({ autoFocus = false }: { autoFocus?: boolean }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const targetLabel = useTargetLabel();
  const [query, setQuery] = useState('');
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const asked = useRef(0);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (autoFocus) input.current?.focus();
  }, [autoFocus]);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const text = query.trim();
    if (!text) return;
    const ask = ++asked.current;
    setOutcome({ kind: 'busy' });
    api.call('search', { query: text }).then(
      (data) => ask === asked.current && setOutcome({ kind: 'done', query: text, data }),
      (failure: unknown) => ask === asked.current && setOutcome({ kind: 'error', message: errorMessage(failure) }),
    );
  };

  const terms = outcome.kind === 'done' ? queryTerms(outcome.query, i18n.language) : [];
  const empty =
    outcome.kind === 'done' &&
    outcome.data.memory_detail_list.length + outcome.data.preference_detail_list.length + outcome.data.tool_memory_detail_list.length === 0;

  return (
    <section className="search-view" aria-labelledby="search-heading">
      <h2 id="search-heading" className="visually-hidden">
        {t('views.search')}
      </h2>
      <form role="search" onSubmit={submit} className="search-form">
        <label htmlFor={SEARCH_INPUT_ID} className="visually-hidden">
          {t('search.label')}
        </label>
        <input
          ref={input}
          id={SEARCH_INPUT_ID}
          type="search"
          value={query}
          placeholder={t('search.placeholder')}
          onChange={(event) => setQuery(event.target.value)}
          maxLength={2000}
        />
        <button type="submit" className="primary" disabled={!query.trim()}>
          {t('search.submit')}
        </button>
      </form>
      <p className="hint">{t('search.target', { target: targetLabel })}</p>
      <div aria-live="polite" aria-busy={outcome.kind === 'busy'} className="search-outcome">
        {outcome.kind === 'busy' && <p>{t('search.searching')}</p>}
        {outcome.kind === 'error' && (
          <p role="alert" className="error-text">
            {t('search.failed', { message: outcome.message })}
          </p>
        )}
        {empty && <p className="empty">{t('search.empty', { query: outcome.query })}</p>}
        {outcome.kind === 'done' && !empty && (
          <>
            <p className="visually-hidden">{t('search.count', { count: outcome.data.memory_detail_list.length })}</p>
            <ol className="results" aria-label={t('search.results')}>
              {outcome.data.memory_detail_list.map((memory) => (
                <MemoryResult key={memory.id} memory={memory} terms={terms} />
              ))}
            </ol>
            <OtherMemories data={outcome.data} terms={terms} />
          </>
        )}
      </div>
    </section>
  );
}
