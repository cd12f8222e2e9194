import { AppEvent, type AppApi } from '../../shared/app-api.ts';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in a browser. */
    memosSync?: AppApi;
  }
}

/** The preload's API. Events are checked again here: the window trusts no message it did not parse. */
export function desktopApi(bridge: AppApi): AppApi {
  return {
    call: (method, params) => bridge.call(method, params),
    onEvent: (listener) =>
      bridge.onEvent((event) => {
        const parsed = AppEvent.safeParse(event);
        if (parsed.success) listener(parsed.data);
      }),
    drop: bridge.drop,
  };
}
