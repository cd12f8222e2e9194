/**
 * The app's two windows: the main window (closing it hides it; the app lives on in the tray)
 * and the compact search window (toggled by the global shortcut, hidden when it loses focus).
 */
import { BrowserWindow, screen, type WebContents } from 'electron';
import { IPC_EVENT, type AppEvent } from '../shared/app-api.ts';
import type { RendererLocation } from './renderer-location.ts';
import { lockDownContents, secureWebPreferences } from './window-security.ts';

export type View = Extract<AppEvent, { type: 'navigate' }>['view'];

export interface WindowsOptions {
  preload: string;
  location: RendererLocation;
}

const SEARCH_SIZE = { width: 640, height: 440 };

export class AppWindows {
  private main: BrowserWindow | undefined;
  private search: BrowserWindow | undefined;
  private quitting = false;

  private readonly options: WindowsOptions;

  constructor(options: WindowsOptions) {
    this.options = options;
  }

  get mainWindow(): BrowserWindow | undefined {
    return this.main;
  }

  /** Creates the main window; `visible` false keeps it hidden (started at login, into the tray). */
  createMain(visible: boolean): BrowserWindow {
    const window = new BrowserWindow({
      width: 1100,
      height: 720,
      minWidth: 640,
      minHeight: 420,
      title: 'MemOS Sync',
      show: false,
      webPreferences: secureWebPreferences(this.options.preload),
    });
    lockDownContents(window.webContents);
    this.hideOnClose(window);
    window.on('closed', () => (this.main = undefined));
    if (visible) window.once('ready-to-show', () => window.show());
    void window.loadURL(this.options.location.url);
    this.main = window;
    return window;
  }

  /** Brings the main window up (creating it if needed) and, given a view, asks the page to show it. */
  showMain(view?: View): void {
    const window = this.main ?? this.createMain(false);
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
    if (view) sendWhenLoaded(window.webContents, { type: 'navigate', view });
  }

  toggleSearch(): void {
    if (this.search?.isVisible()) {
      this.search.hide();
      return;
    }
    const window = this.search ?? this.createSearch();
    const { workArea } = screen.getDisplayNearestPoint(screen.getCursorScreenPoint());
    window.setBounds({
      x: Math.round(workArea.x + (workArea.width - SEARCH_SIZE.width) / 2),
      y: Math.round(workArea.y + workArea.height / 5),
      ...SEARCH_SIZE,
    });
    window.show();
    window.focus();
  }

  /** From now on closing a window really closes it (Quit). */
  allowClose(): void {
    this.quitting = true;
  }

  all(): BrowserWindow[] {
    return [this.main, this.search].filter((window): window is BrowserWindow => window !== undefined && !window.isDestroyed());
  }

  /** Whether these contents belong to one of our windows (IPC answers no one else). */
  owns(contents: WebContents): boolean {
    return this.all().some((window) => window.webContents === contents);
  }

  broadcast(event: AppEvent): void {
    for (const window of this.all()) window.webContents.send(IPC_EVENT, event);
  }

  private hideOnClose(window: BrowserWindow): void {
    window.on('close', (event) => {
      if (this.quitting) return;
      event.preventDefault();
      window.hide();
    });
  }

  private createSearch(): BrowserWindow {
    const window = new BrowserWindow({
      ...SEARCH_SIZE,
      title: 'MemOS Sync',
      show: false,
      frame: false,
      resizable: false,
      skipTaskbar: true,
      alwaysOnTop: true,
      webPreferences: secureWebPreferences(this.options.preload),
    });
    lockDownContents(window.webContents);
    this.hideOnClose(window);
    window.on('blur', () => window.hide());
    window.on('closed', () => (this.search = undefined));
    void window.loadURL(`${this.options.location.url}#view=search&compact=1`);
    this.search = window;
    return window;
  }
}

/** A window still loading would miss the message: wait for its page first. */
function sendWhenLoaded(contents: WebContents, event: AppEvent): void {
  if (contents.isLoading()) contents.once('did-finish-load', () => contents.send(IPC_EVENT, event));
  else contents.send(IPC_EVENT, event);
}
