import { useTranslation } from 'react-i18next';
import { useApi } from '../api/app-context.tsx';
import { Dialog } from '../common/Dialog.tsx';
import type { DroppedItems } from './dropped-items.ts';
import type { DropChoice } from './use-hand-over.ts';

interface FolderDropDialogProps {
  items: DroppedItems;
  onChoose: (choice: DropChoice) => void;
  onAddByPath: () => void;
  onCancel: () => void;
}

/** A dropped folder: keep it in sync (watch) or upload what is in it now (once). A browser can only do the latter. */
export function FolderDropDialog({ items, onChoose, onAddByPath, onCancel }: FolderDropDialogProps) {
  const { t } = useTranslation();
  const canWatch = useApi().drop.kind === 'paths';
  const names = items.folders.map((folder) => folder.name).join(', ');
  return (
    <Dialog title={t('drop.folderTitle', { count: items.folders.length })} onClose={onCancel}>
      <p>{t('drop.folderQuestion', { names, count: items.folders.length })}</p>
      {!canWatch && <p className="hint">{t('drop.browserCannotWatch')}</p>}
      <div className="dialog-actions">
        {canWatch ? (
          <button type="button" className="primary" onClick={() => onChoose('watch')}>
            {t('drop.watch')}
          </button>
        ) : (
          <button type="button" onClick={onAddByPath}>
            {t('drop.addByPath')}
          </button>
        )}
        <button type="button" className={canWatch ? '' : 'primary'} onClick={() => onChoose('once')}>
          {t('drop.once')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('actions.cancel')}
        </button>
      </div>
    </Dialog>
  );
}
