/** Fields that shortcuts and actions focus after opening their view. */
export const SEARCH_INPUT_ID = 'search-query';
export const FOLDER_PATH_INPUT_ID = 'folder-path';

/** Focuses an element of a view that was just selected, once React has rendered it. */
export function focusAfterRender(id: string): void {
  requestAnimationFrame(() => document.getElementById(id)?.focus());
}
