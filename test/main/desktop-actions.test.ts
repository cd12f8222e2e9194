import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ElectronDesktopActions } from '../../src/main/desktop-actions.ts';
import { ChosenPaths } from '../../src/main/path-policy.ts';
import { SearchShortcut } from '../../src/main/search-shortcut.ts';
import { BrowserWindow, dialog, resetElectron, shell } from './fake-electron.ts';

vi.mock('electron', () => import('./fake-electron.ts'));

let paths: ChosenPaths;
let parent: BrowserWindow;
let actions: ElectronDesktopActions;

beforeEach(() => {
  resetElectron();
  paths = new ChosenPaths();
  parent = new BrowserWindow({ show: false });
  actions = new ElectronDesktopActions({
    paths,
    shortcut: new SearchShortcut(() => undefined, () => undefined),
    parentWindow: () => parent as unknown as Electron.BrowserWindow,
    dialogTitle: () => 'Choose a folder to keep in memory',
  });
});

afterEach(() => vi.restoreAllMocks());

describe('picking a folder', () => {
  it('lets the app use the picked folder and what lies inside it, nothing else', async () => {
    dialog.answers.push('/home/someone/notes');
    expect(await actions.pickFolder()).toBe('/home/someone/notes');
    expect(paths.allow('/home/someone/notes/2024/minutes.pdf')).toBe(true);
    expect(paths.allow('/home/someone/notes-private')).toBe(false);
    expect(paths.allow('/home/someone')).toBe(false);
  });

  it('answers null when cancelled, and allows nothing new', async () => {
    expect(await actions.pickFolder()).toBeNull();
    expect(paths.allow('/')).toBe(false);
  });

  it('opens over the window when it shows, on its own when the app is in the tray', async () => {
    await actions.pickFolder();
    parent.show();
    await actions.pickFolder();
    expect(dialog.openDialogs.map((opened) => opened.parent)).toEqual([undefined, parent]);
    expect(dialog.openDialogs[0]?.options).toEqual({ title: 'Choose a folder to keep in memory', properties: ['openDirectory', 'createDirectory'] });
  });
});

describe('files', () => {
  it('are shown in their folder', async () => {
    await actions.revealPath('/home/someone/notes/minutes.pdf');
    expect(shell.revealed).toEqual(['/home/someone/notes/minutes.pdf']);
  });

  it('that cannot be opened fail with the system’s reason', async () => {
    vi.spyOn(shell, 'openPath').mockResolvedValue('No application knows how to open minutes.xyz');
    await expect(actions.openPath('/home/someone/notes/minutes.xyz')).rejects.toThrow('No application knows how to open minutes.xyz');
  });
});
