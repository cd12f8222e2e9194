/**
 * The one IPC channel that is desktop-only, beside IPC_CALL and IPC_EVENT in the shared app API:
 * the preload tells main the path of each file dropped on the window, so addFolder and
 * uploadOnce may use it (the page itself can only name paths it got this way).
 */
export const IPC_DROPPED_PATH = 'memos-sync:dropped-path';
