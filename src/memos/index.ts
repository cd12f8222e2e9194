/** The MemOS API client: everything the engine, CLI and app need, without Electron. */
export { MemosClient } from './client.ts';
export type { AddMessageInput, CallOptions, MemosClientOptions } from './client.ts';
export { MemosError, errorFromNetwork, errorFromResponse, kindOfCode } from './errors.ts';
export type { MemosErrorKind } from './errors.ts';
export { MemosProfile, PRESET_BASE_URLS } from './profile.ts';
export type { ProfileOptions, ProfilePreset, ProfileSnapshot } from './profile.ts';
export { DEFAULT_RETRY_POLICY, backoffDelay, parseRetryAfter, sleep, withRetry } from './retry.ts';
export type { RetryHooks, RetryPolicy } from './retry.ts';
export { FileChangedError, base64Length, createAddMessageBody, fileIntroText } from './upload-body.ts';
export type { AddMessageBodyInput, StreamedBody, UploadFile } from './upload-body.ts';
