import { PublicSettings } from '../shared/app-api.ts';
import { defaultUserId } from './ledger-file.ts';
import type { StoredSettings as StoredSettingsType } from './ports.ts';

/** Settings as a store keeps them; both stores validate with this on load. */
export const StoredSettings = PublicSettings.omit({ hasApiKey: true, keyStorage: true });

export const DEFAULT_SHORTCUT = 'CommandOrControl+Shift+K';

export function defaultSettings(): StoredSettingsType {
  return {
    target: 'local',
    userId: defaultUserId(),
    concurrency: 2,
    batchMaxMb: 128,
    language: 'system',
    theme: 'system',
    startAtLogin: false,
    notifications: false,
    shortcut: DEFAULT_SHORTCUT,
  };
}

/**
 * Reads stored settings over the defaults, so a store written by an older version still loads.
 * Anything invalid gives the defaults and says why; settings never stop the app from starting.
 */
export function parseStoredSettings(raw: unknown): { settings: StoredSettingsType; problem?: string } {
  const defaults = defaultSettings();
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { settings: defaults, problem: 'the settings are not a JSON object' };
  const parsed = StoredSettings.safeParse({ ...defaults, ...raw });
  if (parsed.success) return { settings: parsed.data };
  const issue = parsed.error.issues[0];
  return { settings: defaults, problem: `${issue?.path.join('.') || 'settings'}: ${issue?.message ?? 'invalid'}` };
}
