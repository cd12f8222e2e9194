import { mkdirSync } from 'node:fs';
import { type EngineOptions, SyncEngine } from '../engine/sync-engine.ts';
import { MemosClient } from '../memos/client.ts';
import { MemosProfile, resolveBaseUrl } from '../memos/profile.ts';
import { ledgerFileFor } from './ledger-file.ts';
import type { LocalServer, StoredSettings } from './ports.ts';

/** The engine and client for one target and user; replaced as a whole when either changes. */
export interface EngineSession {
  engine: SyncEngine;
  client: MemosClient;
  /** Where memories go, for people: "the built-in server" or the base URL. */
  targetLabel: string;
  /** Set when uploads cannot go anywhere until the person acts (no API key); the engine is then paused. */
  blocked: string | undefined;
  redact(text: string): string;
  close(): Promise<void>;
}

export interface SessionInputs {
  dataRoot: string;
  settings: StoredSettings;
  apiKey: string | undefined;
  localServer: () => Promise<LocalServer>;
  engine?: Omit<Partial<EngineOptions>, 'ledgerFile' | 'client'>;
}

// Stands in for a missing key so the engine can open its ledger; the engine stays paused, so it is never sent.
const NO_KEY = 'no-api-key-set';

/** The base URL or preset the settings point at; a custom target needs its URL. */
export function targetBase(settings: Pick<StoredSettings, 'target' | 'customBaseUrl'>): string {
  if (settings.target !== 'custom') return settings.target;
  if (!settings.customBaseUrl) throw new Error('the custom target needs a base URL');
  return resolveBaseUrl(settings.customBaseUrl);
}

/** Opens the ledger for the settings' target and user; the caller listens to the engine, then starts it. */
export async function openEngineSession(inputs: SessionInputs): Promise<EngineSession> {
  const { settings } = inputs;
  const local = settings.target === 'local';
  const base = local ? 'local' : targetBase(settings);
  const server = local ? await inputs.localServer() : undefined;
  const apiKey = server?.token ?? inputs.apiKey;
  const profile = new MemosProfile({ baseUrl: server?.baseUrl ?? base, apiKey: apiKey ?? NO_KEY, userId: settings.userId });
  const client = new MemosClient(profile);
  mkdirSync(inputs.dataRoot, { recursive: true });
  const engine = new SyncEngine({
    ...inputs.engine,
    ledgerFile: ledgerFileFor(inputs.dataRoot, base, settings.userId),
    client,
    concurrency: settings.concurrency,
    batchMaxBytes: settings.batchMaxMb * 1024 * 1024,
  });
  const blocked = apiKey ? undefined : `${profile.baseUrl} needs an API key: add it in Settings`;
  if (blocked) engine.pause();
  return {
    engine,
    client,
    targetLabel: local ? 'the built-in server' : profile.baseUrl,
    blocked,
    redact: (text) => profile.redact(text),
    close: async () => {
      await engine.stop();
      await client.close();
    },
  };
}
