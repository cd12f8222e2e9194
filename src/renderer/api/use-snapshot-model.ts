import { useCallback, useEffect, useReducer, useState } from 'react';
import type { AppApi, AppEvent, Snapshot } from '../../shared/app-api.ts';
import { errorMessage } from './app-call-error.ts';

type Action = { kind: 'loaded'; snapshot: Snapshot } | { kind: 'event'; event: AppEvent };

/** Folds the engine's events into the snapshot; file and activity events belong to their views. */
function reduce(snapshot: Snapshot | undefined, action: Action): Snapshot | undefined {
  if (action.kind === 'loaded') return action.snapshot;
  if (!snapshot) return snapshot;
  const { event } = action;
  switch (event.type) {
    case 'engine':
      return { ...snapshot, engineState: event.state, engineMessage: event.message };
    case 'stats':
      return { ...snapshot, stats: event.stats };
    case 'folders':
      return { ...snapshot, folders: event.folders };
    case 'settings':
      return { ...snapshot, settings: event.settings };
    default:
      return snapshot;
  }
}

export interface SnapshotModel {
  snapshot: Snapshot | undefined;
  loadError: string | undefined;
  reload: () => void;
}

export function useSnapshotModel(api: AppApi): SnapshotModel {
  const [snapshot, dispatch] = useReducer(reduce, undefined);
  const [loadError, setLoadError] = useState<string>();
  const [attempt, setAttempt] = useState(0);

  useEffect(
    () =>
      api.onEvent((event) => {
        dispatch({ kind: 'event', event });
        // A change of target restarts the engine before it is announced; only a fresh snapshot tells where memories now go.
        if (event.type === 'settings') setAttempt((count) => count + 1);
      }),
    [api],
  );
  useEffect(() => {
    let live = true;
    api.call('getSnapshot', {}).then(
      (loaded) => live && dispatch({ kind: 'loaded', snapshot: loaded }),
      (error: unknown) => live && setLoadError(errorMessage(error)),
    );
    return () => {
      live = false;
    };
  }, [api, attempt]);

  const reload = useCallback(() => {
    setLoadError(undefined);
    setAttempt((count) => count + 1);
  }, []);
  return { snapshot, loadError, reload };
}
