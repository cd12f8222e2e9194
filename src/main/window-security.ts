/**
 * The security every window of ours shares: a sandboxed, isolated page without Node, that
 * cannot navigate, open windows, embed webviews or get permissions, under a strict CSP.
 */
import { shell, type Session, type WebContents, type WebPreferences } from 'electron';
import type { RendererLocation } from './renderer-location.ts';

/** No inline scripts, no remote content; the window talks to nothing but the app (through the preload). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
  };
}

/** Opens only https links, in the person's browser; everything else is dropped. */
export function openExternally(url: string): void {
  if (url.startsWith('https://')) void shell.openExternal(url);
}

export function lockDownContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
}

/** Session-wide: permissions denied, and the CSP sent as a header for the app's own pages too. */
export function lockDownSession(session: Session, location: RendererLocation): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    if (!location.isAppPage(details.url)) return callback({});
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}
