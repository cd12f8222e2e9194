/** What the tray menu's items do: ask the service, and bring the window up on the right view. */
import { app } from 'electron';
import type { AppMethod, MethodParams, MethodResult } from '../shared/app-api.ts';
import type { AppServiceApi } from '../service/ports.ts';
import type { TrayActions } from './tray.ts';
import type { View } from './windows.ts';

export interface TrayActionsOptions {
  service: Pick<AppServiceApi, 'call'>;
  showMain(view?: View): void;
  /** Something the person asked for failed: tell them. */
  report(message: string): void;
  /** The pause state changed: the tray shows it again from a fresh snapshot. */
  refresh(): void;
}

export function trayActions({ service, showMain, report, refresh }: TrayActionsOptions): TrayActions {
  /** The result, or undefined after reporting the failure. */
  const call = async <M extends AppMethod>(method: M, params: MethodParams<M>): Promise<MethodResult<M> | undefined> => {
    const outcome = await service.call(method, params);
    if ('error' in outcome) {
      report(outcome.error.message);
      return undefined;
    }
    return outcome.result as MethodResult<M>;
  };
  return {
    open: () => showMain(),
    search: () => showMain('search'),
    pause: (minutes) => void call('pause', minutes === undefined ? {} : { minutes }).then(refresh),
    resume: () => void call('resume', {}).then(refresh),
    addFolder: () =>
      void (async () => {
        const picked = await call('pickFolder', {});
        if (!picked) return;
        // The folders view shows the folder that was added; a refusal was reported instead.
        if (await call('addFolder', { path: picked.path })) showMain('folders');
      })(),
    openActivity: () => showMain('activity'),
    quit: () => app.quit(),
  };
}
