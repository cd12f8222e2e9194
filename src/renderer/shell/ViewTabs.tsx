import { useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { VIEWS, type ViewName } from './hash.ts';

export const tabId = (view: ViewName): string => `tab-${view}`;
export const panelId = 'view-panel';

/** The views as tabs: one tab stop, arrow keys and Home/End move between them (WAI-ARIA tabs pattern). */
export function ViewTabs({ current, onSelect }: { current: ViewName; onSelect: (view: ViewName) => void }) {
  const { t } = useTranslation();
  const list = useRef<HTMLDivElement>(null);

  const onKeyDown = (event: KeyboardEvent): void => {
    const index = VIEWS.indexOf(current);
    const next =
      event.key === 'ArrowRight' ? (index + 1) % VIEWS.length
      : event.key === 'ArrowLeft' ? (index - 1 + VIEWS.length) % VIEWS.length
      : event.key === 'Home' ? 0
      : event.key === 'End' ? VIEWS.length - 1
      : undefined;
    if (next === undefined) return;
    event.preventDefault();
    const view = VIEWS[next] ?? current;
    onSelect(view);
    list.current?.querySelector<HTMLElement>(`#${tabId(view)}`)?.focus();
  };

  return (
    <div role="tablist" aria-label={t('views.label')} className="tabs" ref={list} onKeyDown={onKeyDown}>
      {VIEWS.map((view) => (
        <button
          key={view}
          type="button"
          role="tab"
          id={tabId(view)}
          aria-selected={view === current}
          aria-controls={panelId}
          tabIndex={view === current ? 0 : -1}
          onClick={() => onSelect(view)}
        >
          {t(`views.${view}`)}
        </button>
      ))}
    </div>
  );
}
