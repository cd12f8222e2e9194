import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MemoryDetail } from '../../shared/memos-wire.ts';
import { useApi, useSnapshot } from '../api/app-context.tsx';
import { errorMessage } from '../api/app-call-error.ts';
import { formatTime } from '../common/format.ts';
import { useNavigation } from '../shell/navigation.tsx';
import { Highlighted } from './Highlighted.tsx';

/** One remembered fact: key, value with the query's words marked, tags, relativity, time and source file. */
export function MemoryResult({ memory, terms }: { memory: MemoryDetail; terms: readonly string[] }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { capabilities, folders } = useSnapshot();
  const navigation = useNavigation();
  const [error, setError] = useState<string>();
  const source = memory.info?.['source_file'];
  const page = memory.info?.['page'];
  const folderId = memory.info?.['folder_id'];
  const time = memory.update_time ?? memory.create_time;

  const reveal = (relativePath: string): void => {
    setError(undefined);
    const known = folderId && folders.some((folder) => folder.id === folderId) ? folderId : undefined;
    api.call('revealSource', { folderId: known, relativePath }).catch((failure: unknown) => setError(errorMessage(failure)));
  };

  return (
    <li className="result">
      {memory.memory_key && (
        <h3 className="result-key">
          <Highlighted text={memory.memory_key} terms={terms} />
        </h3>
      )}
      <p className="result-value">
        <Highlighted text={memory.memory_value} terms={terms} />
      </p>
      <div className="result-meta">
        {memory.tags.length > 0 && (
          <ul className="tags" aria-label={t('search.tags')}>
            {memory.tags.map((tag) => (
              <li key={tag} className="tag">
                {tag}
              </li>
            ))}
          </ul>
        )}
        {memory.relativity !== undefined && <span>{t('search.relativity', { value: memory.relativity.toFixed(2) })}</span>}
        {time !== undefined && <time dateTime={new Date(time).toISOString()}>{formatTime(time, i18n.language)}</time>}
      </div>
      {source && (
        <div className="result-source">
          <span>{page ? t('search.sourcePage', { file: source, page }) : t('search.source', { file: source })}</span>
          {navigation && (
            <button type="button" onClick={() => navigation.showInQueue(source)} aria-label={t('search.showSourceInQueue', { file: source })}>
              {t('search.showInQueue')}
            </button>
          )}
          {capabilities.revealFile && (
            <button type="button" onClick={() => reveal(source)} aria-label={t('search.revealSource', { file: source })}>
              {t('queue.reveal')}
            </button>
          )}
        </div>
      )}
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
    </li>
  );
}
