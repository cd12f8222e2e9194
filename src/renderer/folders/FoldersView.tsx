import { useTranslation } from 'react-i18next';
import { useSnapshot } from '../api/app-context.tsx';
import { AddFolder } from './AddFolder.tsx';
import { FolderCard } from './FolderCard.tsx';

export function FoldersView() {
  const { t } = useTranslation();
  const { folders } = useSnapshot();
  return (
    <section className="folders-view" aria-labelledby="folders-heading">
      <div className="view-header">
        <h2 id="folders-heading">{t('views.folders')}</h2>
      </div>
      <AddFolder />
      {folders.length === 0 ? (
        <p className="empty">{t('folders.none')}</p>
      ) : (
        <ul className="folder-list">
          {folders.map((folder) => (
            <FolderCard key={folder.id} folder={folder} />
          ))}
        </ul>
      )}
    </section>
  );
}
