import { once } from 'node:events';

/**
 * The first SIGINT or SIGTERM. Ask for it before starting anything or saying where to connect:
 * once it is listened for, a signal no longer kills the process, so one that arrives during the
 * start (from whoever read the announcement) still ends in a clean stop.
 */
export async function stopSignal(): Promise<NodeJS.Signals> {
  const [signal] = (await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')])) as [NodeJS.Signals];
  return signal;
}
