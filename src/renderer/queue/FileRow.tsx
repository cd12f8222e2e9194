import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Capabilities, FileView } from '../../shared/app-api.ts';
import { formatBytes } from '../common/format.ts';
import { translateReason } from '../i18n/reasons.ts';

export type FileAction = 'retry' | 'reveal' | 'open' | 'ignore';

/** Uploading is the first half of a file's way, MemOS processing it the second. */
const STAGE: Partial<Record<FileView['state'], number>> = { checking: 0, queued: 0, uploading: 1, processing: 2, done: 3 };

interface FileRowProps {
  index: number;
  total: number;
  file: FileView | undefined;
  folderName: string | undefined;
  active: boolean;
  capabilities: Capabilities;
  onAction: (action: FileAction, file: FileView) => void;
}

/** Memoized: while the list scrolls, the rows that stay in view are not rendered again. */
export const FileRow = memo(function FileRow({ index, total, file, folderName, active, capabilities, onAction }: FileRowProps) {
  const { t, i18n } = useTranslation();
  const common = { 'data-index': index, role: 'listitem', 'aria-posinset': index + 1, 'aria-setsize': total, tabIndex: active ? 0 : -1 };
  if (!file) {
    return (
      <div {...common} className="file-row placeholder">
        {t('queue.loadingRow')}
      </div>
    );
  }
  const name = file.relativePath.split('/').pop() ?? file.relativePath;
  const stage = STAGE[file.state];
  const buttonTab = active ? 0 : -1;
  const action = (kind: FileAction) => () => onAction(kind, file);
  const reason = file.reason && translateReason(file.reason, t);
  return (
    <div {...common} className={`file-row state-${file.state}`}>
      <div className="file-main">
        <span className="file-name" title={file.relativePath}>
          {name}
        </span>
        <span className="file-path">
          {folderName ? `${folderName} / ` : ''}
          {file.relativePath}
        </span>
      </div>
      <div className="file-state">
        <span className={`badge badge-${file.state}`}>{t(`fileState.${file.state}`)}</span>
        {stage !== undefined && stage < 3 && (
          <progress max={3} value={stage} aria-label={t('queue.progress', { name })} className="file-progress" />
        )}
        {reason && (
          <span className="file-reason" title={reason}>
            {reason}
          </span>
        )}
      </div>
      <span className="file-size">{formatBytes(file.size, i18n.language)}</span>
      <div className="file-actions">
        {(file.state === 'failed' || file.state === 'skipped') && (
          <button type="button" tabIndex={buttonTab} onClick={action('retry')} aria-label={t('queue.retryFile', { name })}>
            {t('queue.retry')}
          </button>
        )}
        {capabilities.revealFile && (
          <button type="button" tabIndex={buttonTab} onClick={action('reveal')} aria-label={t('queue.revealFile', { name })}>
            {t('queue.reveal')}
          </button>
        )}
        {capabilities.openFile && (
          <button type="button" tabIndex={buttonTab} onClick={action('open')} aria-label={t('queue.openFile', { name })}>
            {t('queue.open')}
          </button>
        )}
        <button type="button" tabIndex={buttonTab} onClick={action('ignore')} aria-label={t('queue.ignoreFile', { name })}>
          {t('queue.ignore')}
        </button>
      </div>
    </div>
  );
});
