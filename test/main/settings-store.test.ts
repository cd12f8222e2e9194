import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ElectronSettingsStore } from '../../src/main/settings-store.ts';
import { AppServiceError } from '../../src/service/app-error.ts';
import { type PublicSettings } from '../../src/shared/app-api.ts';
import { createDesktopService } from './desktop-service.ts';
import { resetElectron, safeStorage } from './fake-electron.ts';

vi.mock('electron', () => import('./fake-electron.ts'));

const KEY = 'mpg-Zx81LongSecretKeyThatMustNeverBeSeen';

let dir: string;
let warnings: string[];
let store: ElectronSettingsStore;

/** The settings file electron-store wrote, as text and as JSON. */
async function fileOnDisk(): Promise<{ text: string; json: { settings?: unknown; encryptedApiKey?: string } }> {
  const text = await readFile(join(dir, 'settings.json'), 'utf8');
  return { text, json: JSON.parse(text) as { settings?: unknown; encryptedApiKey?: string } };
}

beforeEach(async () => {
  resetElectron();
  dir = await mkdtemp(join(tmpdir(), 'memos-settings-'));
  warnings = [];
  store = new ElectronSettingsStore({ dir, warn: (message) => warnings.push(message) });
});

afterEach(() => rm(dir, { recursive: true, force: true }));

describe('the API key', () => {
  it('is written to disk only as base64 of what safeStorage encrypted', async () => {
    store.setApiKey(KEY);
    const { text, json } = await fileOnDisk();
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(Buffer.from(KEY).toString('base64'));
    expect(json.encryptedApiKey).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(safeStorage.decryptString(Buffer.from(json.encryptedApiKey as string, 'base64'))).toBe(KEY);
  });

  it('is decrypted when asked for, also by a store opened later', () => {
    store.setApiKey(KEY);
    expect(store.apiKey()).toBe(KEY);
    expect(new ElectronSettingsStore({ dir, warn: () => undefined }).apiKey()).toBe(KEY);
    expect(store.keyStorage()).toBe('encrypted');
  });

  it('is removed from disk when cleared', async () => {
    store.setApiKey(KEY);
    store.setApiKey(null);
    expect(store.apiKey()).toBeUndefined();
    expect(store.keyStorage()).toBe('none');
    expect((await fileOnDisk()).json).not.toHaveProperty('encryptedApiKey');
  });

  it('is refused, and nothing written, when the system cannot encrypt', async () => {
    safeStorage.available = false;
    expect(() => store.setApiKey(KEY)).toThrow(expect.objectContaining({ constructor: AppServiceError, code: 'unsupported' }));
    expect(store.keyStorage()).toBe('none');
    expect(await readFile(join(dir, 'settings.json'), 'utf8').catch(() => '')).not.toContain(KEY);
  });

  it.runIf(process.platform === 'linux')('is reported as plain text when Linux has only the basic backend', () => {
    safeStorage.backend = 'basic_text';
    expect(store.keyStorage()).toBe('plain-text');
    store.setApiKey(KEY);
    expect(store.keyStorage()).toBe('plain-text');
  });

  it('that no longer decrypts (another keyring) is asked for again, without being named', () => {
    store.setApiKey(KEY);
    safeStorage.replaceKeyring();
    expect(store.apiKey()).toBeUndefined();
    expect(warnings).toEqual(['the saved API key could not be decrypted; enter it again in Settings']);
  });
});

describe('the settings', () => {
  it('are kept in the settings file and read back', async () => {
    const settings = { ...store.load(), language: 'zh-CN' as const, notifications: true };
    store.save(settings);
    expect(new ElectronSettingsStore({ dir, warn: () => undefined }).load()).toEqual(settings);
    expect((await fileOnDisk()).json.settings).toEqual(settings);
  });

  it('start over from the defaults when the file is not JSON or not valid', async () => {
    const defaults = store.load();
    await writeFile(join(dir, 'settings.json'), '{ not json');
    expect(new ElectronSettingsStore({ dir, warn: () => undefined }).load()).toEqual(defaults);

    await writeFile(join(dir, 'settings.json'), JSON.stringify({ settings: { ...defaults, concurrency: 99 } }));
    expect(new ElectronSettingsStore({ dir, warn: (message) => warnings.push(message) }).load()).toEqual(defaults);
    expect(warnings.at(-1)).toMatch(/^settings reset to defaults: concurrency/);
  });
});

describe('the settings the window sees', () => {
  it('say whether a key is stored and how, and never hold the key', async () => {
    const desktop = await createDesktopService();
    try {
      const stored = await desktop.service.call('setApiKey', { apiKey: KEY });
      expect(stored).toMatchObject({ result: { hasApiKey: true, keyStorage: 'encrypted' } });
      const snapshot = await desktop.service.call('getSnapshot', {});
      for (const outcome of [stored, snapshot]) expect(JSON.stringify(outcome)).not.toContain(KEY);
      expect(Object.keys((stored as { result: PublicSettings }).result)).not.toContain('apiKey');
      expect(await readFile(join(desktop.dataRoot, 'settings.json'), 'utf8')).not.toContain(KEY);
    } finally {
      await desktop.stop();
    }
  });
});
