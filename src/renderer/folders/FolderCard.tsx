import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FolderView } from '../../shared/app-api.ts';
import { useApi } from '../api/app-context.tsx';
import { errorMessage } from '../api/app-call-error.ts';
import { Dialog } from '../common/Dialog.tsx';
import { translateReason } from '../i18n/reasons.ts';
import { RulesEditor } from './RulesEditor.tsx';

/** One folder: its status, pause/resume, remove (after asking), and its rules. */
export function FolderCard({ folder }: { folder: FolderView }) {
  const { t } = useTranslation();
  const api = useApi();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string>();

  const run = (action: Promise<unknown>): void => {
    setError(undefined);
    action.catch((failure: unknown) => setError(errorMessage(failure)));
  };

  return (
    <li className={`folder-card status-${folder.status}`}>
      <div className="folder-head">
        <h3 className="folder-path">{folder.path}</h3>
        <span className={`badge badge-folder-${folder.status}`}>{t(`folderStatus.${folder.status}`)}</span>
        {folder.mode === 'once' && <span className="badge">{t('folders.once')}</span>}
        {folder.watchMode === 'polling' && <span className="badge">{t('folders.polling')}</span>}
      </div>
      {folder.message && (
        <p className={folder.status === 'error' ? 'error-text' : 'hint'}>
          {translateReason(folder.message, t)}
          {folder.fix && <span className="folder-fix"> {t('folders.fix', { fix: translateReason(folder.fix, t) })}</span>}
        </p>
      )}
      <div className="row-actions">
        <button
          type="button"
          aria-label={t(folder.paused ? 'folders.resumeFolder' : 'folders.pauseFolder', { path: folder.path })}
          onClick={() => run(api.call('updateFolder', { folderId: folder.id, changes: { paused: !folder.paused } }))}
        >
          {t(folder.paused ? 'folders.resume' : 'folders.pause')}
        </button>
        <button type="button" className="danger" aria-label={t('folders.removeFolder', { path: folder.path })} onClick={() => setConfirming(true)}>
          {t('folders.remove')}
        </button>
      </div>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {folder.mode === 'watch' && (
        <details className="folder-rules">
          <summary>{t('folders.rules')}</summary>
          <RulesEditor folder={folder} />
        </details>
      )}
      {confirming && (
        <Dialog title={t('folders.removeTitle')} onClose={() => setConfirming(false)}>
          <p>{t('folders.removeQuestion', { path: folder.path })}</p>
          <div className="dialog-actions">
            <button
              type="button"
              className="danger"
              onClick={() => {
                setConfirming(false);
                run(api.call('removeFolder', { folderId: folder.id }));
              }}
            >
              {t('folders.remove')}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t('actions.cancel')}
            </button>
          </div>
        </Dialog>
      )}
    </li>
  );
}
