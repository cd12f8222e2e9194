import type { AppApi } from '../../shared/app-api.ts';
import { browserApi } from './browser-api.ts';
import { desktopApi } from './desktop-api.ts';
import { hashParams } from '../shell/hash.ts';

/** The desktop preload when it is there, else the web host's WebSocket; the rest of the UI does not know which. */
export function chooseApi(): AppApi {
  if (window.memosSync) return desktopApi(window.memosSync);
  return browserApi({ origin: window.location.origin, token: hashParams().get('token') ?? '' });
}
