import { setFlagsFromString } from 'node:v8';

/**
 * For the process that hosts the engine (the desktop app's main process, `memos-sync watch`):
 * its work is file and network I/O, and it runs for days. V8's default sizing lets the heap grow
 * to several times what is live while a large folder is first scanned and watched (about 320 MB
 * for 100,000 files, of which about 50 MB live); favouring size over speed keeps it near what is
 * live (about 150 MB) at no measurable cost to sync time. Set after start, as here, it still
 * takes effect on Node 24 (measured with bench/watch-scan); call it before the engine starts.
 */
export function preferSmallHeap(): void {
  setFlagsFromString('--optimize-for-size');
}
