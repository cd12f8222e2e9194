/** What only the desktop can do for the service: pick folders, show and open files, login item, shortcut. */
import { dialog, shell, type BrowserWindow } from 'electron';
import type { DesktopActions } from '../service/ports.ts';
import { setStartAtLogin } from './login-item.ts';
import type { ChosenPaths } from './path-policy.ts';
import type { SearchShortcut } from './search-shortcut.ts';

export interface ElectronDesktopActionsOptions {
  paths: ChosenPaths;
  shortcut: SearchShortcut;
  /** The window a folder dialog belongs to, when it is showing. */
  parentWindow(): BrowserWindow | undefined;
  dialogTitle(): string;
}

export class ElectronDesktopActions implements DesktopActions {
  private readonly options: ElectronDesktopActionsOptions;

  constructor(options: ElectronDesktopActionsOptions) {
    this.options = options;
  }

  async pickFolder(): Promise<string | null> {
    const settings = { title: this.options.dialogTitle(), properties: ['openDirectory' as const, 'createDirectory' as const] };
    const parent = this.options.parentWindow();
    const picked = parent?.isVisible() ? await dialog.showOpenDialog(parent, settings) : await dialog.showOpenDialog(settings);
    const path = picked.canceled ? undefined : picked.filePaths[0];
    if (!path) return null;
    this.options.paths.remember(path);
    return path;
  }

  async revealPath(path: string): Promise<void> {
    shell.showItemInFolder(path);
  }

  async openPath(path: string): Promise<void> {
    const problem = await shell.openPath(path);
    if (problem) throw new Error(problem);
  }

  setStartAtLogin(on: boolean): Promise<void> {
    return setStartAtLogin(on);
  }

  async registerShortcut(accelerator: string): Promise<boolean> {
    return this.options.shortcut.register(accelerator);
  }
}
