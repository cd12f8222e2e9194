import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi, useSnapshot } from '../api/app-context.tsx';
import { errorMessage } from '../api/app-call-error.ts';
import { FOLDER_PATH_INPUT_ID } from '../shell/focus.ts';

/** Adds a folder to watch: the system's folder picker on the desktop, a path typed in a browser. */
export function AddFolder() {
  const { t } = useTranslation();
  const api = useApi();
  const { capabilities } = useSnapshot();
  const [path, setPath] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const add = async (folderPath: string): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      await api.call('addFolder', { path: folderPath });
      setPath('');
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const pick = async (): Promise<void> => {
    try {
      const picked = await api.call('pickFolder', {});
      if (picked) await add(picked.path);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (path.trim()) void add(path.trim());
  };

  return (
    <div className="add-folder">
      {capabilities.pickFolder ? (
        <button type="button" className="primary" onClick={() => void pick()} disabled={busy}>
          {t('folders.pick')}
        </button>
      ) : (
        <form onSubmit={submit} className="inline-form">
          <label className="inline-field">
            <span>{t('folders.pathLabel')}</span>
            <input id={FOLDER_PATH_INPUT_ID} type="text" value={path} onChange={(event) => setPath(event.target.value)} placeholder={t('folders.pathPlaceholder')} spellCheck={false} />
          </label>
          <button type="submit" className="primary" disabled={busy || !path.trim()}>
            {t('folders.add')}
          </button>
        </form>
      )}
      <p className="hint">{t('folders.dropHint')}</p>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
    </div>
  );
}
