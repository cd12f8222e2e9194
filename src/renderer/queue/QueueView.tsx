import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileFilter, FileView } from '../../shared/app-api.ts';
import { useApi, useSnapshot } from '../api/app-context.tsx';
import { errorMessage } from '../api/app-call-error.ts';
import { filterCount } from '../common/counts.ts';
import { formatCount } from '../common/format.ts';
import { useDebounced } from '../common/use-debounced.ts';
import { UploadFilesButton } from '../drop/UploadFilesButton.tsx';
import { useNavigation } from '../shell/navigation.tsx';
import { FileRow, type FileAction } from './FileRow.tsx';
import { useFilePages } from './use-file-pages.ts';
import { VirtualList } from './VirtualList.tsx';

const FILTERS: readonly FileFilter[] = ['active', 'failed', 'skipped', 'done', 'all'];
export const ROW_HEIGHT = 64;

/** Every file the engine knows, filtered, with its state, reason and actions. */
export function QueueView() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { stats, folders, capabilities } = useSnapshot();
  const [filter, setFilter] = useState<FileFilter>('all');
  const navigation = useNavigation();
  const [text, setText] = useState(navigation?.queueText ?? '');
  const [actionError, setActionError] = useState<string>();
  const { total, error, rowAt, ensure } = useFilePages(filter, useDebounced(text.trim(), 250));

  const folderName = useCallback(
    (folderId: string) => folders.find((folder) => folder.id === folderId)?.path.split(/[\\/]/).filter(Boolean).pop(),
    [folders],
  );

  // Stable, so a render of the view (a page arriving, new stats) does not render every row again.
  const onAction = useCallback(
    (action: FileAction, file: FileView): void => {
      setActionError(undefined);
      const params = { fileId: file.id };
      const call =
        action === 'retry' ? api.call('retryFile', params)
        : action === 'reveal' ? api.call('revealFile', params)
        : action === 'open' ? api.call('openFile', params)
        : api.call('ignoreFile', params);
      call.catch((failure: unknown) => setActionError(errorMessage(failure)));
    },
    [api],
  );

  return (
    <section className="queue-view" aria-labelledby="queue-heading">
      <div className="view-header">
        <h2 id="queue-heading">{t('views.queue')}</h2>
        <UploadFilesButton />
      </div>
      <div className="queue-tools">
        <div role="group" aria-label={t('queue.filters')} className="segmented">
          {FILTERS.map((name) => (
            <button key={name} type="button" aria-pressed={filter === name} onClick={() => setFilter(name)}>
              {t(`queue.filter.${name}`)} <span className="count">{formatCount(filterCount(stats, name), i18n.language)}</span>
            </button>
          ))}
        </div>
        <label className="inline-field">
          <span>{t('queue.find')}</span>
          <input type="search" value={text} onChange={(event) => setText(event.target.value)} />
        </label>
      </div>
      {(error ?? actionError) && (
        <p role="alert" className="error-text">
          {error ?? actionError}
        </p>
      )}
      {total === 0 ? (
        <p className="empty">{t(`queue.empty.${filter}`)}</p>
      ) : (
        <VirtualList
          key={`${filter}:${text}`}
          count={total ?? 0}
          rowHeight={ROW_HEIGHT}
          label={t('queue.listLabel', { filter: t(`queue.filter.${filter}`) })}
          onRange={ensure}
          renderRow={(index, active) => {
            const file = rowAt(index);
            return (
              <FileRow
                key={index}
                index={index}
                total={total ?? 0}
                file={file}
                folderName={file && folderName(file.folderId)}
                active={active}
                capabilities={capabilities}
                onAction={onAction}
              />
            );
          }}
        />
      )}
    </section>
  );
}
