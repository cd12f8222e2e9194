import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppServiceError } from '../service/app-error.ts';
import type { KeyStorage, Logger, SettingsStore, StoredSettings } from '../service/ports.ts';
import { defaultSettings, parseStoredSettings } from '../service/stored-settings.ts';

export const API_KEY_VARIABLE = 'MEMOS_API_KEY';

/**
 * Settings of the headless app: a JSON file in the data folder. The API key comes only from
 * MEMOS_API_KEY: without a keyring there is nowhere safe to keep it, so it is never written.
 */
export function headlessSettingsStore(dataRoot: string, options: { env?: NodeJS.ProcessEnv; log?: Logger } = {}): SettingsStore {
  const file = join(dataRoot, 'settings.json');
  const env = options.env ?? process.env;
  const log = options.log ?? console;
  const apiKey = (): string | undefined => env[API_KEY_VARIABLE]?.trim() || undefined;
  return {
    load(): StoredSettings {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log.warn(`could not read ${file}, using the default settings: ${(error as Error).message}`);
        return defaultSettings();
      }
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        log.warn(`${file} is not valid JSON; using the default settings`);
        return defaultSettings();
      }
      const { settings, problem } = parseStoredSettings(raw);
      if (problem) log.warn(`${file} is not valid (${problem}); using the default settings`);
      return settings;
    },
    save(settings: StoredSettings): void {
      mkdirSync(dirname(file), { recursive: true });
      // Written beside and renamed over, so a crash never leaves half a file.
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
      renameSync(temporary, file);
    },
    apiKey,
    setApiKey(): void {
      throw new AppServiceError('unsupported', `The headless app does not store API keys; set the environment variable ${API_KEY_VARIABLE} and start it again.`);
    },
    keyStorage(): KeyStorage {
      return apiKey() ? 'environment' : 'none';
    },
  };
}
