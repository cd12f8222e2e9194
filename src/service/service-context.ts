import type { DesktopActions } from './ports.ts';
import type { EngineSession } from './engine-session.ts';
import type { ServiceEvents } from './service-events.ts';

/** What the method handlers share with the service that owns them. */
export interface ServiceContext {
  /** The running engine session; throws an `internal` AppServiceError while none could be opened. */
  session(): Promise<EngineSession>;
  desktop: DesktopActions | undefined;
  /** Throws a `forbidden` AppServiceError for a path the host does not trust. */
  checkPath(path: string): void;
  events: ServiceEvents;
}
