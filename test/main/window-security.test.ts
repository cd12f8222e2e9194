import type { Session } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { rendererLocation } from '../../src/main/renderer-location.ts';
import { CONTENT_SECURITY_POLICY, lockDownSession } from '../../src/main/window-security.ts';
import { resetElectron, session } from './fake-electron.ts';

vi.mock('electron', () => import('./fake-electron.ts'));

const OUT_DIR = '/opt/memos-sync/out';
const APP_PAGE = 'file:///opt/memos-sync/out/renderer/index.html';

function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(';').map((directive) => {
    const [name = '', ...sources] = directive.trim().split(/\s+/);
    return [name, sources];
  }));
}

describe('the content security policy', () => {
  const policy = directives(CONTENT_SECURITY_POLICY);

  it('allows nothing inline, nothing evaluated and nothing remote', () => {
    const sources = [...policy.values()].flat();
    expect(sources).not.toContain("'unsafe-inline'");
    expect(sources).not.toContain("'unsafe-eval'");
    for (const source of sources) expect(source, source).toMatch(/^'(self|none)'$|^data:$/);
  });

  it('falls back to the app itself and forbids plugins, base changes, forms and framing', () => {
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  });
});

describe('lockDownSession', () => {
  const defaultSession = session.defaultSession;

  beforeEach(() => {
    resetElectron();
    lockDownSession(defaultSession as unknown as Session, rendererLocation(OUT_DIR, undefined, true));
  });

  it('sends the policy with the app’s own page, whatever its hash or query', () => {
    for (const url of [APP_PAGE, `${APP_PAGE}#view=search&compact=1`, `${APP_PAGE}?x=1`]) {
      const headers = defaultSession.servedHeaders(url, { 'Content-Type': ['text/html'] });
      expect(headers['Content-Security-Policy'], url).toEqual([CONTENT_SECURITY_POLICY]);
      expect(headers['Content-Type']).toEqual(['text/html']);
    }
  });

  it('leaves every other response as it was', () => {
    for (const url of ['https://memos.memtensor.cn/api/openmem/v1/search/memory', 'file:///opt/memos-sync/out/renderer/other.html', 'file:///etc/passwd', 'http://127.0.0.1:5173/']) {
      expect(defaultSession.servedHeaders(url, { 'Content-Type': ['text/html'] }), url).toEqual({ 'Content-Type': ['text/html'] });
    }
  });

  it('sends the policy with the dev server’s pages only while the app is not packaged', () => {
    lockDownSession(defaultSession as unknown as Session, rendererLocation(OUT_DIR, 'http://localhost:5173/', false));
    expect(defaultSession.servedHeaders('http://localhost:5173/src/main.tsx', {})['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(defaultSession.servedHeaders('http://localhost:5174/', {})['Content-Security-Policy']).toBeUndefined();

    const packaged = rendererLocation(OUT_DIR, 'http://localhost:5173/', true);
    expect(packaged.url).toBe(APP_PAGE);
    expect(packaged.isAppPage('http://localhost:5173/')).toBe(false);
  });

  it('denies every permission a page asks for or checks', async () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      expect(await defaultSession.requestPermission(permission), permission).toBe(false);
      expect(defaultSession.checkPermission(permission), permission).toBe(false);
    }
  });
});
