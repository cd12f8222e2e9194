/** The global shortcut that toggles the search window: one at a time, swapped when the setting changes. */
import { globalShortcut } from 'electron';

export class SearchShortcut {
  private current: string | undefined;

  private readonly onPress: () => void;
  private readonly warn: (message: string) => void;

  constructor(onPress: () => void, warn: (message: string) => void) {
    this.onPress = onPress;
    this.warn = warn;
  }

  /**
   * False (and a warning, never a throw) when the system refuses it: taken by another app or
   * malformed. The previous shortcut is let go only once the new one holds, so a refused
   * change leaves the old one working (the service then keeps the old setting too).
   */
  register(accelerator: string): boolean {
    if (accelerator === this.current) return true;
    let registered: boolean;
    try {
      registered = globalShortcut.register(accelerator, this.onPress);
    } catch (error) {
      this.warn(`the shortcut ${accelerator} is not valid: ${(error as Error).message}`);
      return false;
    }
    if (!registered) {
      this.warn(`the shortcut ${accelerator} could not be registered (another app may use it)`);
      return false;
    }
    if (this.current) globalShortcut.unregister(this.current);
    this.current = accelerator;
    return true;
  }

  unregister(): void {
    if (this.current) globalShortcut.unregister(this.current);
    this.current = undefined;
  }
}
