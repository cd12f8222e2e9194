import { useTranslation } from 'react-i18next';
import type { SearchMemoryData } from '../../shared/memos-wire.ts';
import { Highlighted } from './Highlighted.tsx';

/** Preferences and tool memories, shown when the target returns any. */
export function OtherMemories({ data, terms }: { data: SearchMemoryData; terms: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <>
      {data.preference_detail_list.length > 0 && (
        <section aria-labelledby="preferences-heading" className="other-memories">
          <h3 id="preferences-heading">{t('search.preferences')}</h3>
          {data.preference_note && <p className="hint">{data.preference_note}</p>}
          <ul>
            {data.preference_detail_list.map((preference) => (
              <li key={preference.id}>
                <Highlighted text={preference.preference} terms={terms} />
                {preference.preference_type && <span className="tag">{preference.preference_type}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
      {data.tool_memory_detail_list.length > 0 && (
        <section aria-labelledby="tools-heading" className="other-memories">
          <h3 id="tools-heading">{t('search.toolMemories')}</h3>
          <ul>
            {data.tool_memory_detail_list.map((tool) => (
              <li key={tool.id}>
                <Highlighted text={tool.tool_value} terms={terms} />
                {tool.tool_type && <span className="tag">{tool.tool_type}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
