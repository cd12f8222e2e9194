import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FolderView } from '../../shared/app-api.ts';
import { SYNC_FILE_TYPES, type SyncFileType } from '../../shared/folder-settings.ts';
import { useApi } from '../api/app-context.tsx';
import { errorMessage } from '../api/app-call-error.ts';
import { formatCount } from '../common/format.ts';
import { useDebounced } from '../common/use-debounced.ts';

type Preview = { kind: 'ready'; candidates: number; excluded: number; truncated: boolean } | { kind: 'error'; message: string } | { kind: 'loading' };

const toRules = (text: string): string[] => text.split('\n').map((line) => line.trimEnd()).filter((line) => line.trim() !== '');

/** A folder's types and ignore rules, with a live count of the files they would sync and exclude. */
export function RulesEditor({ folder }: { folder: FolderView }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const id = useId();
  const [types, setTypes] = useState<SyncFileType[]>(folder.types);
  const [rules, setRules] = useState(folder.ignore.join('\n'));
  const [preview, setPreview] = useState<Preview>({ kind: 'loading' });
  const [saveState, setSaveState] = useState<{ kind: 'saved' } | { kind: 'error'; message: string }>();
  const settledTypes = useDebounced(types.join(','), 300);
  const settledRules = useDebounced(rules, 300);

  useEffect(() => {
    if (settledTypes === '') return;
    let live = true;
    setPreview({ kind: 'loading' });
    const previewTypes = settledTypes.split(',') as SyncFileType[];
    api.call('previewRules', { path: folder.path, types: previewTypes, ignore: toRules(settledRules) }).then(
      (result) => live && setPreview({ kind: 'ready', ...result }),
      (failure: unknown) => live && setPreview({ kind: 'error', message: errorMessage(failure) }),
    );
    return () => {
      live = false;
    };
  }, [api, folder.path, settledTypes, settledRules]);

  const toggle = (type: SyncFileType, on: boolean): void => {
    setSaveState(undefined);
    setTypes((current) => (on ? SYNC_FILE_TYPES.filter((name) => name === type || current.includes(name)) : current.filter((name) => name !== type)));
  };

  const save = (): void => {
    api.call('updateFolder', { folderId: folder.id, changes: { types, ignore: toRules(rules) } }).then(
      () => setSaveState({ kind: 'saved' }),
      (failure: unknown) => setSaveState({ kind: 'error', message: errorMessage(failure) }),
    );
  };

  const format = (count: number): string => formatCount(count, i18n.language);
  return (
    <div className="rules-editor">
      <fieldset>
        <legend>{t('folders.types')}</legend>
        <div className="type-grid">
          {SYNC_FILE_TYPES.map((type) => (
            <label key={type} className="check">
              <input type="checkbox" checked={types.includes(type)} onChange={(event) => toggle(type, event.target.checked)} />
              {type.toUpperCase()}
            </label>
          ))}
        </div>
        {types.length === 0 && <p className="error-text">{t('folders.needType')}</p>}
      </fieldset>
      <label htmlFor={`${id}-rules`}>{t('folders.ignore')}</label>
      <textarea
        id={`${id}-rules`}
        rows={5}
        spellCheck={false}
        value={rules}
        aria-describedby={`${id}-help ${id}-preview`}
        onChange={(event) => {
          setSaveState(undefined);
          setRules(event.target.value);
        }}
      />
      <p id={`${id}-help`} className="hint">
        {t('folders.ignoreHelp')}
      </p>
      <p id={`${id}-preview`} className="preview" aria-live="polite">
        {preview.kind === 'ready' && t(preview.truncated ? 'folders.previewTruncated' : 'folders.preview', { included: format(preview.candidates), excluded: format(preview.excluded) })}
        {preview.kind === 'loading' && t('folders.previewLoading')}
        {preview.kind === 'error' && t('folders.previewFailed', { message: preview.message })}
      </p>
      <div className="row-actions">
        <button type="button" className="primary" onClick={save} disabled={types.length === 0}>
          {t('folders.saveRules')}
        </button>
        {saveState?.kind === 'saved' && <span role="status">{t('folders.saved')}</span>}
        {saveState?.kind === 'error' && (
          <span role="alert" className="error-text">
            {saveState.message}
          </span>
        )}
      </div>
    </div>
  );
}
