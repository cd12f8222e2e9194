/**
 * Settings in electron-store, validated with zod on every load (corrupt or invalid gives the
 * defaults), and the API key encrypted with safeStorage: stored as base64 of the encrypted
 * bytes, decrypted only when the service asks, never logged and never part of the settings.
 */
import { safeStorage } from 'electron';
import ElectronStore from 'electron-store';
import { AppServiceError } from '../service/app-error.ts';
import type { KeyStorage, SettingsStore, StoredSettings } from '../service/ports.ts';
import { parseStoredSettings } from '../service/stored-settings.ts';

interface StoreShape {
  settings?: unknown;
  /** base64 of safeStorage.encryptString(key). */
  encryptedApiKey?: string;
}

export interface ElectronSettingsStoreOptions {
  /** The folder the settings file lives in (the app's userData). */
  dir: string;
  warn(message: string): void;
}

export class ElectronSettingsStore implements SettingsStore {
  private readonly store: ElectronStore<StoreShape>;

  private readonly options: ElectronSettingsStoreOptions;

  constructor(options: ElectronSettingsStoreOptions) {
    this.options = options;
    // clearInvalidConfig: a settings file that is not even JSON starts over instead of stopping the app.
    this.store = new ElectronStore<StoreShape>({ name: 'settings', cwd: options.dir, clearInvalidConfig: true });
  }

  load(): StoredSettings {
    const { settings, problem } = parseStoredSettings(this.store.get('settings') ?? {});
    if (problem) this.options.warn(`settings reset to defaults: ${problem}`);
    return settings;
  }

  save(settings: StoredSettings): void {
    this.store.set('settings', settings);
  }

  apiKey(): string | undefined {
    const stored = this.store.get('encryptedApiKey');
    if (!stored || !safeStorage.isEncryptionAvailable()) return undefined;
    try {
      return safeStorage.decryptString(Buffer.from(stored, 'base64'));
    } catch {
      // A key encrypted under another keyring or user cannot be read back: ask for it again.
      this.options.warn('the saved API key could not be decrypted; enter it again in Settings');
      return undefined;
    }
  }

  setApiKey(key: string | null): void {
    if (key === null) {
      this.store.delete('encryptedApiKey');
      return;
    }
    if (!safeStorage.isEncryptionAvailable()) {
      throw new AppServiceError('unsupported', 'This system offers no way to store the API key safely.');
    }
    this.store.set('encryptedApiKey', safeStorage.encryptString(key).toString('base64'));
  }

  /** `plain-text` whenever Linux has only the basic backend, so the window warns before a key is typed. */
  keyStorage(): KeyStorage {
    if (!safeStorage.isEncryptionAvailable()) return 'none';
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return 'plain-text';
    return this.store.has('encryptedApiKey') ? 'encrypted' : 'none';
  }
}
