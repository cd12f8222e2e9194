import { useCallback, useEffect, useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppEvents } from '../api/app-context.tsx';
import { ActivityView } from '../activity/ActivityView.tsx';
import { DropZone } from '../drop/DropZone.tsx';
import { FoldersView } from '../folders/FoldersView.tsx';
import { QueueView } from '../queue/QueueView.tsx';
import { SearchView } from '../search/SearchView.tsx';
import { SettingsView } from '../settings/SettingsView.tsx';
import { hashView, setHashView, type ViewName } from './hash.ts';
import { LiveRegion } from './LiveRegion.tsx';
import { StatusBar } from './StatusBar.tsx';
import { useShortcuts } from './use-shortcuts.ts';
import { panelId, tabId, ViewTabs } from './ViewTabs.tsx';

const VIEW_COMPONENTS: Record<ViewName, ComponentType> = {
  queue: QueueView,
  folders: FoldersView,
  search: SearchView,
  activity: ActivityView,
  settings: SettingsView,
};

/** The main window: the views as tabs, the status bar, the live region and the drop zone. */
export function Shell() {
  const { t } = useTranslation();
  const [view, setView] = useState<ViewName>(() => hashView() ?? 'queue');
  const select = useCallback((next: ViewName) => {
    setView(next);
    setHashView(next);
  }, []);

  useAppEvents((event) => {
    if (event.type === 'navigate') select(event.view);
  });
  useEffect(() => {
    const onHashChange = (): void => setView(hashView() ?? 'queue');
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);
  useShortcuts(select);

  const View = VIEW_COMPONENTS[view];
  return (
    <DropZone onAddByPath={() => select('folders')}>
      <div className="shell">
        <header className="shell-header">
          <h1 className="app-title">{t('app.name')}</h1>
          <nav aria-label={t('views.label')}>
            <ViewTabs current={view} onSelect={select} />
          </nav>
        </header>
        <main className="view">
          <div id={panelId} role="tabpanel" aria-labelledby={tabId(view)} className="view-panel">
            <View />
          </div>
        </main>
        <StatusBar />
        <LiveRegion />
      </div>
    </DropZone>
  );
}
