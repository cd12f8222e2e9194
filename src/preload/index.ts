import { exposeToPage } from '../main/preload-bridge.ts';

// The page sees only this object; the app API joins it as it is built.
exposeToPage('memosSync', { platform: process.platform });
