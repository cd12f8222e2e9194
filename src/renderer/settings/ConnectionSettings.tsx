import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TargetKind } from '../../shared/app-api.ts';
import { useSnapshot } from '../api/app-context.tsx';
import { useTargetLabel } from '../common/use-target-label.ts';
import { SaveStatus } from './SaveStatus.tsx';
import { useSettingsChange } from './use-settings-change.ts';

/** Where memories go (built-in server, MemOS Cloud, a custom URL) and as which user. */
export function ConnectionSettings() {
  const { t } = useTranslation();
  const { settings } = useSnapshot();
  const targetLabel = useTargetLabel();
  const [target, setTarget] = useState(settings.target);
  const [customBaseUrl, setCustomBaseUrl] = useState(settings.customBaseUrl ?? '');
  const [userId, setUserId] = useState(settings.userId);
  const { state, apply, clear } = useSettingsChange();

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void apply({ target, userId: userId.trim(), ...(target === 'custom' ? { customBaseUrl: customBaseUrl.trim() } : {}) });
  };

  return (
    <form onSubmit={submit} onChange={clear} className="settings-group">
      <p className="hint">{t('settings.currentTarget', { target: targetLabel })}</p>
      <label htmlFor="target">{t('settings.field.target')}</label>
      <select id="target" value={target} onChange={(event) => setTarget(TargetKind.parse(event.target.value))}>
        {TargetKind.options.map((kind) => (
          <option key={kind} value={kind}>
            {t(`settings.targetKind.${kind}`)}
          </option>
        ))}
      </select>
      {target === 'custom' && (
        <>
          <label htmlFor="custom-url">{t('settings.field.customBaseUrl')}</label>
          <input id="custom-url" type="url" value={customBaseUrl} placeholder="https://…" onChange={(event) => setCustomBaseUrl(event.target.value)} spellCheck={false} />
        </>
      )}
      <label htmlFor="user-id">{t('settings.field.userId')}</label>
      <input id="user-id" type="text" value={userId} onChange={(event) => setUserId(event.target.value)} spellCheck={false} />
      <div className="row-actions">
        <button type="submit" className="primary">
          {t('settings.save')}
        </button>
        <SaveStatus state={state} />
      </div>
    </form>
  );
}
