/** Where the window's page comes from, and whether a URL is that page: the only content our windows may show. */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface RendererLocation {
  /** The bundled page (file://…/renderer/index.html) or, in development, the dev server's URL. */
  url: string;
  /** True when `url` (any hash or query aside) is the app's own page. */
  isAppPage(url: string): boolean;
}

/**
 * `devServerUrl`: electron-vite's dev server (ELECTRON_RENDERER_URL), trusted only while the app
 * is not packaged, so a packaged app can never be pointed at another origin through the environment.
 */
export function rendererLocation(outDir: string, devServerUrl: string | undefined, packaged: boolean): RendererLocation {
  if (devServerUrl && !packaged) {
    const origin = new URL(devServerUrl).origin;
    return { url: devServerUrl, isAppPage: (url) => parseUrl(url)?.origin === origin };
  }
  const page = pathToFileURL(join(outDir, 'renderer/index.html')).href;
  return {
    url: page,
    isAppPage: (url) => {
      const parsed = parseUrl(url);
      if (!parsed || parsed.protocol !== 'file:') return false;
      parsed.hash = '';
      parsed.search = '';
      return parsed.href === page;
    },
  };
}

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
