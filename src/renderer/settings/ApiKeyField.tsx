import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi, useSnapshot } from '../api/app-context.tsx';
import { errorMessage } from '../api/app-call-error.ts';
import type { SaveState } from './use-settings-change.ts';
import { SaveStatus } from './SaveStatus.tsx';

/** Write-only: a new key can be set or the stored one removed, but the key is never shown. */
export function ApiKeyField() {
  const { t } = useTranslation();
  const api = useApi();
  const { settings } = useSnapshot();
  const [key, setKey] = useState('');
  const [state, setState] = useState<SaveState>();

  const send = (apiKey: string | null): void => {
    setState(undefined);
    api.call('setApiKey', { apiKey }).then(
      () => {
        setKey('');
        setState({ kind: 'saved' });
      },
      (failure: unknown) => setState({ kind: 'error', message: errorMessage(failure) }),
    );
  };
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (key.trim()) send(key.trim());
  };

  // Where there is no keyring, the person is told before typing a key, not after.
  const noKey = settings.keyStorage === 'plain-text' ? 'noKeyring' : 'none';
  const stored = t(`settings.keyStorage.${settings.hasApiKey ? settings.keyStorage : noKey}`);
  return (
    <form onSubmit={submit} className="settings-group">
      <label htmlFor="api-key">{t('settings.field.apiKey')}</label>
      <p id="api-key-state" className={settings.keyStorage === 'plain-text' ? 'warning' : 'hint'}>
        {stored}
      </p>
      <div className="inline-form">
        <input
          id="api-key"
          type="password"
          autoComplete="off"
          value={key}
          aria-describedby="api-key-state"
          disabled={settings.keyStorage === 'environment'}
          onChange={(event) => setKey(event.target.value)}
        />
        <button type="submit" disabled={!key.trim()}>
          {t('settings.saveKey')}
        </button>
        {settings.hasApiKey && settings.keyStorage !== 'environment' && (
          <button type="button" className="danger" onClick={() => send(null)}>
            {t('settings.removeKey')}
          </button>
        )}
        <SaveStatus state={state} />
      </div>
    </form>
  );
}
