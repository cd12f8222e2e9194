import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSnapshot } from '../api/app-context.tsx';
import { SaveStatus } from './SaveStatus.tsx';
import { useSettingsChange } from './use-settings-change.ts';

/** How hard the app works: parallel uploads and the size of one batch. */
export function SyncSettings() {
  const { t } = useTranslation();
  const { settings } = useSnapshot();
  const [concurrency, setConcurrency] = useState(String(settings.concurrency));
  const [batchMaxMb, setBatchMaxMb] = useState(String(settings.batchMaxMb));
  const { state, apply, clear } = useSettingsChange();

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void apply({ concurrency: Number(concurrency), batchMaxMb: Number(batchMaxMb) });
  };

  return (
    <form onSubmit={submit} onChange={clear} className="settings-group">
      <label htmlFor="concurrency">{t('settings.field.concurrency')}</label>
      <input id="concurrency" type="number" inputMode="numeric" min={1} max={8} step={1} value={concurrency} aria-describedby="concurrency-help" onChange={(event) => setConcurrency(event.target.value)} />
      <p id="concurrency-help" className="hint">
        {t('settings.concurrencyHelp')}
      </p>
      <label htmlFor="batch-max">{t('settings.field.batchMaxMb')}</label>
      <input id="batch-max" type="number" inputMode="numeric" min={1} max={300} step={1} value={batchMaxMb} aria-describedby="batch-help" onChange={(event) => setBatchMaxMb(event.target.value)} />
      <p id="batch-help" className="hint">
        {t('settings.batchHelp')}
      </p>
      <div className="row-actions">
        <button type="submit" className="primary">
          {t('settings.save')}
        </button>
        <SaveStatus state={state} />
      </div>
    </form>
  );
}
