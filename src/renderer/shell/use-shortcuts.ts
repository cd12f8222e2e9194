import { useEffect } from 'react';
import { focusAfterRender, SEARCH_INPUT_ID } from './focus.ts';
import { VIEWS, type ViewName } from './hash.ts';

const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/** `/` opens search and focuses its box; Alt+1…5 open the views in tab order. */
export function useShortcuts(select: (view: ViewName) => void): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !isTyping(event.target)) {
        event.preventDefault();
        select('search');
        focusAfterRender(SEARCH_INPUT_ID);
        return;
      }
      const view = event.altKey && !event.ctrlKey && !event.metaKey ? VIEWS[Number(event.key) - 1] : undefined;
      if (view) {
        event.preventDefault();
        select(view);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [select]);
}
