/**
 * The app's life: one instance only (a second launch brings the first one's window up), the
 * sandbox for every renderer, and the desktop app started once Electron is ready, hidden in
 * the tray when launched at login.
 */
import { app } from 'electron';
import { preferSmallHeap } from '../engine/small-heap.ts';
import { startDesktopApp, type DesktopApp } from './desktop-app.ts';
import { launchedHidden } from './login-item.ts';

export function runApp(argv: readonly string[]): void {
  // This process hosts the engine for as long as the app runs in the tray.
  preferSmallHeap();
  app.enableSandbox();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  let desktop: DesktopApp | undefined;
  app.on('second-instance', () => desktop?.windows.showMain());
  // Closing windows only hides them; the app lives on in the tray until Quit.
  app.on('window-all-closed', () => undefined);
  void app.whenReady().then(() => {
    desktop = startDesktopApp({ hidden: launchedHidden(argv) });
  });
}
