import { useTranslation } from 'react-i18next';
import { ApiKeyField } from './ApiKeyField.tsx';
import { ConnectionSettings } from './ConnectionSettings.tsx';
import { PreferenceSettings } from './PreferenceSettings.tsx';
import { SyncSettings } from './SyncSettings.tsx';

export function SettingsView() {
  const { t } = useTranslation();
  return (
    <section className="settings-view" aria-labelledby="settings-heading">
      <h2 id="settings-heading">{t('views.settings')}</h2>
      <div className="settings-columns">
        <section aria-labelledby="settings-connection">
          <h3 id="settings-connection">{t('settings.section.connection')}</h3>
          <ConnectionSettings />
          <ApiKeyField />
        </section>
        <section aria-labelledby="settings-sync">
          <h3 id="settings-sync">{t('settings.section.sync')}</h3>
          <SyncSettings />
        </section>
        <section aria-labelledby="settings-preferences">
          <h3 id="settings-preferences">{t('settings.section.preferences')}</h3>
          <PreferenceSettings />
        </section>
      </div>
    </section>
  );
}
