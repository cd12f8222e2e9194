import { inspect } from 'node:util';

export const PRESET_BASE_URLS = {
  'cloud-cn': 'https://memos.memtensor.cn/api/openmem/v1',
  'cloud-intl': 'https://api.memt.ai/platform/api/openmem/v1',
} as const;
export type ProfilePreset = keyof typeof PRESET_BASE_URLS;

export interface ProfileOptions {
  /** A preset name or any http(s) base URL (the built-in server, a proxy). */
  baseUrl: ProfilePreset | string;
  apiKey: string;
  userId: string;
  /** Send `file.filename`; turned off for good once the server rejects it. Default true. */
  sendFilename?: boolean;
}

/** What a profile looks like without its secret: safe to log, persist and show. */
export interface ProfileSnapshot {
  baseUrl: string;
  userId: string;
  sendFilename: boolean;
}

const REDACTED = '[redacted]';

export function resolveBaseUrl(baseUrl: string): string {
  const resolved = baseUrl in PRESET_BASE_URLS ? PRESET_BASE_URLS[baseUrl as ProfilePreset] : baseUrl;
  const url = new URL(resolved);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`MemOS base URL must be http or https, not ${url.protocol}`);
  if (url.username || url.password) throw new Error('MemOS base URL must not carry credentials; use the API key');
  return url.href.replace(/\/+$/, '');
}

/**
 * Where and as whom to talk to MemOS. The API key lives in a private field and never
 * appears in toString, JSON or util.inspect; `redact` scrubs it from any text.
 */
export class MemosProfile {
  readonly baseUrl: string;
  readonly userId: string;
  readonly #apiKey: string;
  #sendFilename: boolean;
  readonly #listeners = new Set<(snapshot: ProfileSnapshot) => void>();

  constructor(options: ProfileOptions) {
    if (!options.apiKey) throw new Error('MemOS API key is empty');
    if (!options.userId) throw new Error('MemOS user id is empty');
    this.baseUrl = resolveBaseUrl(options.baseUrl);
    this.userId = options.userId;
    this.#apiKey = options.apiKey;
    this.#sendFilename = options.sendFilename ?? true;
  }

  get sendFilename(): boolean {
    return this.#sendFilename;
  }

  get authorization(): string {
    return `Token ${this.#apiKey}`;
  }

  /** Records that the server refuses `file.filename`, and tells listeners so the app can persist it. */
  disableFilename(): void {
    if (!this.#sendFilename) return;
    this.#sendFilename = false;
    const snapshot = this.toJSON();
    for (const listener of this.#listeners) listener(snapshot);
  }

  /** Called with the new snapshot whenever a learned capability changes. Returns an unsubscribe. */
  onChange(listener: (snapshot: ProfileSnapshot) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  redact(text: string): string {
    return text.split(this.#apiKey).join(REDACTED);
  }

  endpointUrl(endpoint: string): string {
    return `${this.baseUrl}/${endpoint}`;
  }

  toJSON(): ProfileSnapshot {
    return { baseUrl: this.baseUrl, userId: this.userId, sendFilename: this.#sendFilename };
  }

  toString(): string {
    return `MemosProfile(${this.baseUrl}, user ${this.userId})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
