import { useCallback, useEffect, useRef, useState } from 'react';
import type { FileFilter, FileView } from '../../shared/app-api.ts';
import { useApi, useAppEvents } from '../api/app-context.tsx';
import { errorMessage } from '../api/app-call-error.ts';

export const PAGE_SIZE = 200;
/** Rows loaded beyond those in view, either way, so a list that scrolls finds its next page already there. */
const READ_AHEAD = PAGE_SIZE / 2;
/** Live file events patch loaded rows at once; the pages are fetched again at most this often, for rows that came or went. */
const REFRESH_MS = 1000;

export interface FilePages {
  total: number | undefined;
  error: string | undefined;
  rowAt: (index: number) => FileView | undefined;
  /** Loads the pages that hold rows `first`…`last` if they are not loaded yet. */
  ensure: (first: number, last: number) => void;
}

interface Span {
  first: number;
  last: number;
}

/** The pages that hold rows `first`…`last` and READ_AHEAD rows either side of them, within the `rowCount` rows known to exist. */
function pageSpan({ first, last }: Span, rowCount: number): Span {
  const lastRow = Math.min(last + READ_AHEAD, Math.max(last, rowCount - 1));
  return { first: Math.floor(Math.max(0, first - READ_AHEAD) / PAGE_SIZE), last: Math.floor(lastRow / PAGE_SIZE) };
}

/** The queue as pages of `listFiles`, loaded as they scroll into view and kept current by `file` events. */
export function useFilePages(filter: FileFilter, text: string): FilePages {
  const api = useApi();
  const pages = useRef(new Map<number, FileView[]>());
  const loading = useRef(new Set<number>());
  const generation = useRef(0);
  const wanted = useRef<Span>({ first: 0, last: PAGE_SIZE - 1 });
  /** How many rows the last page said there are; reading ahead stops there. */
  const rowCount = useRef(0);
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
          rowCount.current = result.total;
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
      const span = pageSpan(wanted.current, rowCount.current);
      for (let page = span.first; page <= span.last; page++) {
        if (!pages.current.has(page) && !loading.current.has(page)) load(page);
      }
    },
    [load],
  );

  // Fetches the wanted pages again, keeping their rows shown until the new ones arrive; other pages are dropped.
  const refresh = useCallback(() => {
    refreshTimer.current = undefined;
    generation.current += 1;
    loading.current.clear();
    const span = pageSpan(wanted.current, rowCount.current);
    for (const page of [...pages.current.keys()]) if (page < span.first || page > span.last) pages.current.delete(page);
    for (let page = span.first; page <= span.last; page++) load(page);
  }, [load]);

  useEffect(() => {
    generation.current += 1;
    pages.current.clear();
    loading.current.clear();
    rowCount.current = 0;
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
