import { createContext, useContext, useEffect, useRef, type ReactNode } from 'react';
import type { AppApi, AppEvent, Snapshot } from '../../shared/app-api.ts';

const ApiContext = createContext<AppApi | undefined>(undefined);
const SnapshotContext = createContext<Snapshot | undefined>(undefined);

export function ApiProvider({ api, snapshot, children }: { api: AppApi; snapshot: Snapshot | undefined; children: ReactNode }) {
  return (
    <ApiContext value={api}>
      <SnapshotContext value={snapshot}>{children}</SnapshotContext>
    </ApiContext>
  );
}

export function useApi(): AppApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiProvider');
  return api;
}

/** The app's state as last told by the engine; views render only once it is known. */
export function useSnapshot(): Snapshot {
  const snapshot = useContext(SnapshotContext);
  if (!snapshot) throw new Error('useSnapshot before the snapshot arrived');
  return snapshot;
}

/** Calls the latest `listener` for every app event while the component is mounted. */
export function useAppEvents(listener: (event: AppEvent) => void): void {
  const api = useApi();
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => api.onEvent((event) => latest.current(event)), [api]);
}
