import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppApi } from '../../shared/app-api.ts';
import { ApiProvider } from '../api/app-context.tsx';
import { useSnapshotModel } from '../api/use-snapshot-model.ts';
import { applyLanguage } from '../i18n/i18n.ts';
import { SearchView } from '../search/SearchView.tsx';
import { hashParams } from './hash.ts';
import { Shell } from './Shell.tsx';
import { applyTheme } from './theme.ts';

export function App({ api }: { api: AppApi }) {
  const { t } = useTranslation();
  const { snapshot, loadError, reload } = useSnapshotModel(api);
  const language = snapshot?.settings.language ?? 'system';
  const theme = snapshot?.settings.theme ?? 'system';
  useEffect(() => applyLanguage(language), [language]);
  useEffect(() => applyTheme(theme), [theme]);

  if (!snapshot) {
    return (
      <main className="loading">
        <h1>{t('app.name')}</h1>
        {loadError ? (
          <div role="alert">
            <p>{t('app.loadFailed', { message: loadError })}</p>
            <button type="button" onClick={reload}>
              {t('actions.tryAgain')}
            </button>
          </div>
        ) : (
          <p role="status">{t('app.loading')}</p>
        )}
      </main>
    );
  }
  return (
    <ApiProvider api={api} snapshot={snapshot}>
      {hashParams().get('compact') === '1' ? (
        <main className="compact">
          <h1 className="visually-hidden">{t('views.search')}</h1>
          <SearchView autoFocus />
        </main>
      ) : (
        <Shell />
      )}
    </ApiProvider>
  );
}
