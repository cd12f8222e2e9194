import { createContext, useContext } from 'react';

/** Moves between the main window's views on behalf of a view; absent in the compact search window. */
export interface Navigation {
  /** What the queue's find box holds when the queue opens: set by showInQueue, cleared by choosing a view. */
  queueText: string;
  /** Opens the queue showing the files whose path contains `relativePath`. */
  showInQueue: (relativePath: string) => void;
}

export const NavigationContext = createContext<Navigation | undefined>(undefined);

export function useNavigation(): Navigation | undefined {
  return useContext(NavigationContext);
}
