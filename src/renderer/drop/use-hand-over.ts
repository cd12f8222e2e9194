import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/app-context.tsx';
import { errorMessage } from '../api/app-call-error.ts';
import type { DroppedItems } from './dropped-items.ts';
import { uploadOnce, watchFolders } from './hand-over.ts';

export type DropChoice = 'watch' | 'once';
export interface DropNotice {
  kind: 'busy' | 'done' | 'error';
  text: string;
}

/** Hands dropped or chosen files to the app and says how it went. */
export function useHandOver(): { notice: DropNotice | undefined; handOver: (items: DroppedItems, choice: DropChoice) => Promise<void> } {
  const { t } = useTranslation();
  const api = useApi();
  const [notice, setNotice] = useState<DropNotice>();

  const handOver = async (items: DroppedItems, choice: DropChoice): Promise<void> => {
    setNotice({ kind: 'busy', text: t('drop.sending') });
    try {
      if (choice === 'watch') {
        await watchFolders(api, items);
        const files = items.files.length > 0 ? await uploadOnce(api, { files: items.files, folders: [] }) : 0;
        setNotice({ kind: 'done', text: t('drop.watching', { count: items.folders.length, files }) });
      } else {
        const files = await uploadOnce(api, items);
        setNotice({ kind: 'done', text: t('drop.uploaded', { count: files }) });
      }
    } catch (failure) {
      setNotice({ kind: 'error', text: t('drop.failed', { message: errorMessage(failure) }) });
    }
  };
  return { notice, handOver };
}
