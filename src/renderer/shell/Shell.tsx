import { useCallback, useEffect, useMemo, useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppEvents } from '../api/app-context.tsx';
import { ActivityView } from '../activity/ActivityView.tsx';
import { DropZone } from '../drop/DropZone.tsx';
import { FoldersView } from '../folders/FoldersView.tsx';
import { QueueView } from '../queue/QueueView.tsx';
import { SearchView } from '../search/SearchView.tsx';
import { SettingsView } from '../settings/SettingsView.tsx';
import { focusAfterRender, FOLDER_PATH_INPUT_ID } from './focus.ts';
import { hashView, setHashView, type ViewName } from './hash.ts';
import { LiveRegion } from './LiveRegion.tsx';
import { NavigationContext, type Navigation } from './navigation.tsx';
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
  const [queueText, setQueueText] = useState('');
  const select = useCallback((next: ViewName) => {
    setView(next);
    setHashView(next);
    setQueueText('');
  }, []);
  const navigation = useMemo<Navigation>(
    () => ({
      queueText,
      showInQueue: (relativePath) => {
        select('queue');
        setQueueText(relativePath);
        focusAfterRender(tabId('queue'));
      },
    }),
    [queueText, select],
  );

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
    <DropZone
      onAddByPath={() => {
        select('folders');
        focusAfterRender(FOLDER_PATH_INPUT_ID);
      }}
    >
      <div className="shell">
        <header className="shell-header">
          <h1 className="app-title">{t('app.name')}</h1>
          <nav aria-label={t('views.label')}>
            <ViewTabs current={view} onSelect={select} />
          </nav>
        </header>
        <main className="view">
          <div id={panelId} role="tabpanel" aria-labelledby={tabId(view)} className="view-panel">
            <NavigationContext value={navigation}>
              <View />
            </NavigationContext>
          </div>
        </main>
        <StatusBar />
        <LiveRegion />
      </div>
    </DropZone>
  );
}
