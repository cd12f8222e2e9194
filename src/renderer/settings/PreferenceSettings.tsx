import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PublicSettings } from '../../shared/app-api.ts';
import { useSnapshot } from '../api/app-context.tsx';
import { SaveStatus } from './SaveStatus.tsx';
import { useSettingsChange } from './use-settings-change.ts';

/** Language, theme and the desktop's own options; each applies as soon as it changes. */
export function PreferenceSettings() {
  const { t } = useTranslation();
  const { settings, capabilities } = useSnapshot();
  const [shortcut, setShortcut] = useState(settings.shortcut);
  const { state, apply } = useSettingsChange();

  return (
    <div className="settings-group">
      <label htmlFor="language">{t('settings.field.language')}</label>
      <select id="language" value={settings.language} onChange={(event) => void apply({ language: PublicSettings.shape.language.parse(event.target.value) })}>
        <option value="system">{t('settings.language.system')}</option>
        <option value="en" lang="en">
          English
        </option>
        <option value="zh-CN" lang="zh-CN">
          简体中文
        </option>
      </select>
      <label htmlFor="theme">{t('settings.field.theme')}</label>
      <select id="theme" value={settings.theme} onChange={(event) => void apply({ theme: PublicSettings.shape.theme.parse(event.target.value) })}>
        {PublicSettings.shape.theme.options.map((theme) => (
          <option key={theme} value={theme}>
            {t(`settings.theme.${theme}`)}
          </option>
        ))}
      </select>
      <label className="check">
        <input type="checkbox" checked={settings.startAtLogin} disabled={!capabilities.startAtLogin} onChange={(event) => void apply({ startAtLogin: event.target.checked })} />
        {t('settings.field.startAtLogin')}
      </label>
      <label className="check">
        <input type="checkbox" checked={settings.notifications} onChange={(event) => void apply({ notifications: event.target.checked })} />
        {t('settings.field.notifications')}
      </label>
      <label htmlFor="shortcut">{t('settings.field.shortcut')}</label>
      <div className="inline-form">
        <input id="shortcut" type="text" value={shortcut} disabled={!capabilities.shortcut} onChange={(event) => setShortcut(event.target.value)} spellCheck={false} />
        <button type="button" disabled={!capabilities.shortcut || shortcut === settings.shortcut} onClick={() => void apply({ shortcut: shortcut.trim() })}>
          {t('settings.save')}
        </button>
      </div>
      {!capabilities.shortcut && <p className="hint">{t('settings.desktopOnly')}</p>}
      <SaveStatus state={state} />
    </div>
  );
}
