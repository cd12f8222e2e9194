export const VIEWS = ['queue', 'folders', 'search', 'activity', 'settings'] as const;
export type ViewName = (typeof VIEWS)[number];

/** The window's options travel in the hash (`#token=…&view=…&compact=1`), never sent to a server. */
export function hashParams(): URLSearchParams {
  return new URLSearchParams(window.location.hash.slice(1));
}

export function hashView(): ViewName | undefined {
  const view = hashParams().get('view');
  return VIEWS.find((name) => name === view);
}

/** Records the view in the hash, keeping the other options (the token among them). */
export function setHashView(view: ViewName): void {
  const params = hashParams();
  params.set('view', view);
  window.history.replaceState(null, '', `#${params.toString()}`);
}
