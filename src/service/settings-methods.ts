import type { PublicSettings, SettingsChange } from '../shared/app-api.ts';
import { AppServiceError } from './app-error.ts';
import { describeIssues, type Handlers } from './dispatch.ts';
import { targetBase } from './engine-session.ts';
import type { DesktopActions, SettingsStore, StoredSettings } from './ports.ts';
import { StoredSettings as StoredSettingsSchema } from './stored-settings.ts';

/** What the engine is built from: a change of any of it needs a new engine (another ledger, client or upload budget). */
const engineInputs = (settings: StoredSettings): string =>
  JSON.stringify([settings.target, settings.target === 'custom' ? settings.customBaseUrl : null, settings.userId, settings.concurrency, settings.batchMaxMb]);

export interface SettingsContext {
  store: SettingsStore;
  desktop: DesktopActions | undefined;
  /** Replaces the engine session after a change of target, user, key or budget. */
  restartEngine(): Promise<void>;
  announce(settings: PublicSettings): void;
}

export function publicSettings(store: SettingsStore): PublicSettings {
  return { ...store.load(), hasApiKey: store.apiKey() !== undefined, keyStorage: store.keyStorage() };
}

/** Start at login and the shortcut live in the system: the desktop applies them before they are stored. */
async function applyToDesktop(desktop: DesktopActions | undefined, current: StoredSettings, next: StoredSettings): Promise<void> {
  if (next.startAtLogin !== current.startAtLogin) {
    if (!desktop) throw new AppServiceError('unsupported', 'Starting at login is a setting of the desktop app');
    await desktop.setStartAtLogin(next.startAtLogin);
  }
  if (next.shortcut !== current.shortcut) {
    if (!desktop) throw new AppServiceError('unsupported', 'The search shortcut is a setting of the desktop app');
    if (!(await desktop.registerShortcut(next.shortcut))) throw new AppServiceError('invalid', `shortcut: the system refused ${next.shortcut} (taken by another app, or not a valid shortcut)`);
  }
}

/** The settings after a change, checked as a whole; a bad change throws an `invalid` AppServiceError naming the field. */
export function mergedSettings(current: StoredSettings, change: SettingsChange): StoredSettings {
  const parsed = StoredSettingsSchema.safeParse({ ...current, ...change });
  if (!parsed.success) throw new AppServiceError('invalid', describeIssues(parsed.error));
  const next = parsed.data;
  if (next.target === 'custom') {
    try {
      targetBase(next);
    } catch (error) {
      throw new AppServiceError('invalid', `customBaseUrl: ${(error as Error).message}`);
    }
  }
  return next;
}

export function settingsMethods(context: SettingsContext): Pick<Handlers, 'updateSettings' | 'setApiKey'> {
  return {
    async updateSettings(change) {
      const current = context.store.load();
      const next = mergedSettings(current, change);
      await applyToDesktop(context.desktop, current, next);
      context.store.save(next);
      if (engineInputs(next) !== engineInputs(current)) await context.restartEngine();
      const settings = publicSettings(context.store);
      context.announce(settings);
      return settings;
    },
    async setApiKey({ apiKey }) {
      const key = apiKey === null ? null : apiKey.trim();
      if (key === '') throw new AppServiceError('invalid', 'apiKey: the key is blank');
      const before = context.store.apiKey();
      context.store.setApiKey(key);
      // The built-in server has its own token; only other targets use the key.
      if (context.store.load().target !== 'local' && context.store.apiKey() !== before) await context.restartEngine();
      const settings = publicSettings(context.store);
      context.announce(settings);
      return settings;
    },
  };
}
