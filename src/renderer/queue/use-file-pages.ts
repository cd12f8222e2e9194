import { useCallback, useEffect, useRef, useState } from 'react';
import type { FileFilter, FileView } from '../../shared/app-api.ts';
import { useApi, useAppEvents } from '../api/app-context.tsx';
import { errorMessage } from '../api/app-call-error.ts';

export const PAGE_SIZE = 200;
/** Live file events patch loaded rows at once; the pages are fetched again at most this often, for rows that came or went. */
const REFRESH_MS = 1000;

export interface FilePages {
  total: number | undefined;
  error: string | undefined;
  rowAt: (index: number) => FileView | undefined;
  /** Loads the pages that hold rows `first`…`last` if they are not loaded yet. */
  ensure: (first: number, last: number) => void;
}

/** The queue as pages of `listFiles`, loaded as they scroll into view and kept current by `file` events. */
export function useFilePages(filter: FileFilter, text: string): FilePages {
  const api = useApi();
  const pages = useRef(new Map<number, FileView[]>());
  const loading = useRef(new Set<number>());
  const generation = useRef(0);
  const wanted = useRef({ first: 0, last: PAGE_SIZE - 1 });
  const refreshTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const [total, setTotal] = useState<number>();
  const [error, setError] = useState<string>();
  const [, setVersion] = useState(0);
  const rerender = useCallback(() => setVersion((version) => version + 1), []);

  const load = useCallback(
    (page: number) => {
      const current = generation.current;
      loading.current.add(page);
      api.call('listFiles', { filter, text: text || undefined, offset: page * PAGE_SIZE, limit: PAGE_SIZE }).then(
        (result) => {
          if (current !== generation.current) return;
          loading.current.delete(page);
          pages.current.set(page, result.items);
          setTotal(result.total);
          setError(undefined);
          rerender();
        },
        (failure: unknown) => {
          if (current !== generation.current) return;
          loading.current.delete(page);
          setError(errorMessage(failure));
        },
      );
    },
    [api, filter, text, rerender],
  );

  const ensure = useCallback(
    (first: number, last: number) => {
      wanted.current = { first, last };
      for (let page = Math.floor(first / PAGE_SIZE); page <= Math.floor(last / PAGE_SIZE); page++) {
        if (!pages.current.has(page) && !loading.current.has(page)) load(page);
      }
    },
    [load],
  );

  // Fetches the pages in view again, keeping their rows shown until the new ones arrive; other pages are dropped.
  const refresh = useCallback(() => {
    refreshTimer.current = undefined;
    generation.current += 1;
    loading.current.clear();
    const first = Math.floor(wanted.current.first / PAGE_SIZE);
    const last = Math.floor(wanted.current.last / PAGE_SIZE);
    for (const page of [...pages.current.keys()]) if (page < first || page > last) pages.current.delete(page);
    for (let page = first; page <= last; page++) load(page);
  }, [load]);

  useEffect(() => {
    generation.current += 1;
    pages.current.clear();
    loading.current.clear();
    setTotal(undefined);
    ensure(wanted.current.first, wanted.current.last);
    return () => clearTimeout(refreshTimer.current);
  }, [ensure]);

  useAppEvents((event) => {
    if (event.type !== 'file') return;
    const { file } = event;
    for (const rows of pages.current.values()) {
      const index = rows.findIndex((row) => row.id === file.id);
      if (index >= 0) rows[index] = file;
    }
    rerender();
    // A new file, or one that left this filter, changes which rows the pages hold.
    refreshTimer.current ??= setTimeout(refresh, REFRESH_MS);
  });

  const rowAt = useCallback((index: number) => pages.current.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE], []);
  return { total, error, rowAt, ensure };
}
