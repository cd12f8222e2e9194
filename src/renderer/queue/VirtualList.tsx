import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

const OVERSCAN = 8;

interface VirtualListProps {
  count: number;
  rowHeight: number;
  label: string;
  /** Called with the rows about to be shown (overscan included), so their data can be loaded. */
  onRange: (first: number, last: number) => void;
  renderRow: (index: number, active: boolean) => ReactNode;
}

const PAGE_KEYS: Record<string, (index: number, page: number, count: number) => number> = {
  ArrowDown: (index) => index + 1,
  ArrowUp: (index) => index - 1,
  PageDown: (index, page) => index + page,
  PageUp: (index, page) => index - page,
  Home: () => 0,
  End: (_index, _page, count) => count - 1,
};

/**
 * A list that puts only the rows in view (plus a few) in the DOM, so 100,000 rows scroll
 * smoothly. Sizes and offsets go through CSS custom properties set from script, which the
 * content security policy allows (no inline style attributes). One row is in the tab order;
 * arrow keys, Page Up/Down, Home and End move between rows.
 */
export function VirtualList({ count, rowHeight, label, onRange, renderRow }: VirtualListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const windowRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(0);
  const [active, setActive] = useState(0);
  const focusActive = useRef(false);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(count - 1, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN);
  const activeIndex = Math.min(active, Math.max(0, count - 1));
  const activeShown = activeIndex >= first && activeIndex <= last;

  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setHeight(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    scroller.current?.style.setProperty('--row-height', `${rowHeight}px`);
    scroller.current?.style.setProperty('--list-height', `${count * rowHeight}px`);
    windowRef.current?.style.setProperty('--window-top', `${first * rowHeight}px`);
  }, [count, rowHeight, first]);

  useEffect(() => {
    if (count > 0) onRange(first, last);
  }, [first, last, count, onRange]);

  useLayoutEffect(() => {
    if (!focusActive.current) return;
    focusActive.current = false;
    scroller.current?.querySelector<HTMLElement>(`[data-index="${activeIndex}"]`)?.focus({ preventScroll: true });
  });

  const moveTo = (index: number): void => {
    const element = scroller.current;
    if (!element || count === 0) return;
    const target = Math.max(0, Math.min(count - 1, index));
    const top = target * rowHeight;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (top + rowHeight > element.scrollTop + element.clientHeight) element.scrollTop = top + rowHeight - element.clientHeight;
    setScrollTop(element.scrollTop);
    setActive(target);
    focusActive.current = true;
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    const step = PAGE_KEYS[event.key];
    if (!step || !(event.target instanceof HTMLElement) || !event.target.matches('[data-index]')) return;
    event.preventDefault();
    moveTo(step(activeIndex, Math.max(1, Math.floor(height / rowHeight) - 1), count));
  };

  const rows: ReactNode[] = [];
  for (let index = first; index <= last; index++) rows.push(renderRow(index, index === activeIndex));

  return (
    <div
      ref={scroller}
      className="vlist"
      role="list"
      aria-label={label}
      tabIndex={activeShown || count === 0 ? -1 : 0}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      onKeyDown={onKeyDown}
      onFocus={(event) => {
        if (event.target === event.currentTarget && count > 0) moveTo(Math.ceil(scrollTop / rowHeight));
      }}
    >
      <div className="vlist-spacer">
        <div
          className="vlist-window"
          ref={windowRef}
          onFocus={(event) => {
            const row = event.target.closest<HTMLElement>('[data-index]');
            if (row) setActive(Number(row.dataset['index']));
          }}
        >
          {rows}
        </div>
      </div>
    </div>
  );
}
