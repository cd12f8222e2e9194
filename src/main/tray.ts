/** The tray icon: its state picture, its summary tooltip and its menu, kept in step with the engine's events. */
import { Menu, Tray, type MenuItemConstructorOptions } from 'electron';
import type { AppEvent } from '../shared/app-api.ts';
import type { Locale, Strings } from './strings.ts';
import { trayIcon } from './tray-icons.ts';
import { doneFiles, traySummary, type TrayStatus } from './tray-summary.ts';

export interface TrayActions {
  open(): void;
  search(): void;
  /** No minutes: paused until resumed. */
  pause(minutes?: number): void;
  resume(): void;
  addFolder(): void;
  openActivity(): void;
  quit(): void;
}

export class AppTray {
  private readonly tray: Tray;
  private status: TrayStatus = { state: 'idle' };
  private doneAtRoundStart = 0;
  /** The menu is rebuilt only when what it shows changes, not on every stats tick (an open menu would flicker). */
  private menuKey = '';

  private readonly actions: TrayActions;
  private strings: Strings;
  private locale: Locale;

  constructor(actions: TrayActions, strings: Strings, locale: Locale) {
    this.actions = actions;
    this.strings = strings;
    this.locale = locale;
    this.tray = new Tray(trayIcon('idle'));
    // On Windows and Linux a click is the usual way to bring the window back.
    this.tray.on('click', () => actions.open());
    this.render();
  }

  /** Takes in the engine's state, stats and pause deadline (from a snapshot or events). */
  setStatus(status: Partial<TrayStatus>): void {
    const next = { ...this.status, ...status };
    if (next.state === 'syncing' && this.status.state !== 'syncing') this.doneAtRoundStart = next.stats ? doneFiles(next.stats) : 0;
    this.status = next;
    this.render();
  }

  handle(event: AppEvent): void {
    if (event.type === 'engine') this.setStatus({ state: event.state, message: event.message, ...(event.state !== 'paused' && { pausedUntil: undefined }) });
    else if (event.type === 'stats') this.setStatus({ stats: event.stats });
  }

  setLanguage(strings: Strings, locale: Locale): void {
    this.strings = strings;
    this.locale = locale;
    this.render();
  }

  destroy(): void {
    this.tray.destroy();
  }

  private render(): void {
    this.tray.setImage(trayIcon(this.status.state));
    this.tray.setToolTip(`MemOS Sync: ${traySummary(this.strings, this.locale, this.status, this.doneAtRoundStart)}`);
    const menuKey = `${this.locale}:${this.status.state === 'paused'}`;
    if (menuKey === this.menuKey) return;
    this.menuKey = menuKey;
    this.tray.setContextMenu(Menu.buildFromTemplate(this.menu()));
  }

  private menu(): MenuItemConstructorOptions[] {
    const { strings, actions } = this;
    const pauseItems: MenuItemConstructorOptions[] =
      this.status.state === 'paused'
        ? [{ id: 'resume', label: strings.resume, click: () => actions.resume() }]
        : [
            { id: 'pause-hour', label: strings.pauseHour, click: () => actions.pause(60) },
            { id: 'pause', label: strings.pauseUntilResumed, click: () => actions.pause() },
          ];
    return [
      { id: 'open', label: strings.open, click: () => actions.open() },
      { id: 'search', label: strings.search, click: () => actions.search() },
      { type: 'separator' },
      ...pauseItems,
      { id: 'add-folder', label: strings.addFolder, click: () => actions.addFolder() },
      { id: 'activity', label: strings.openActivity, click: () => actions.openActivity() },
      { type: 'separator' },
      { id: 'quit', label: strings.quit, click: () => actions.quit() },
    ];
  }
}
