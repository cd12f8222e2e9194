import { contextBridge } from 'electron';

// The renderer sees only this object; the full app API is added here as it is built.
contextBridge.exposeInMainWorld('memosSync', { platform: process.platform });
