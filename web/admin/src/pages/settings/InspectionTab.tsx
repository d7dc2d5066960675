import { useState } from 'react';
import { can } from '../../access.js';
import { api } from '../../api.js';
import { useT } from '../../i18n.js';
import { useMe } from '../../session.js';
import type { CategoryList, InspectionSettings } from '../../types.js';
import { Loaded } from '../../ui/States.js';
import { useLoad } from '../../ui/useLoad.js';
import { Checklists } from './inspection/Checklists.js';
import { DispositionRules } from './inspection/DispositionRules.js';
import { editableRules } from './inspection/inspectionModel.js';
import { INSPECTION_TEXTS } from './inspection/inspectionTexts.js';

export function InspectionTab() {
  const state = useLoad(
    () => Promise.all([api<InspectionSettings>('GET', '/inspection-settings'), api<CategoryList>('GET', '/categories')]),
    [],
  );
  return (
    <Loaded state={state}>
      {([settings, categories]) => <Editors settings={settings} categories={categories.items} onSaved={state.reload} />}
    </Loaded>
  );
}

function Editors({
  settings,
  categories,
  onSaved,
}: {
  settings: InspectionSettings;
  categories: CategoryList['items'];
  onSaved: () => void;
}) {
  const t = useT(INSPECTION_TEXTS);
  const me = useMe();
  const editable = can(me.role, 'dispositions.manage');
  const [saved, setSaved] = useState<string | null>(null);
  const categoryName = (id: string | null) => (id ? (categories.find((c) => c.id === id)?.name ?? id) : t.all);
  const shared = { categories, categoryName, editable };

  return (
    <>
      <DispositionRules
        initial={editableRules(settings.rules)}
        {...shared}
        onSaved={() => {
          setSaved(t.rules);
          onSaved();
        }}
      />
      <Checklists
        initial={settings.checklists}
        {...shared}
        onSaved={() => {
          setSaved(t.checklists);
          onSaved();
        }}
      />
      {saved && (
        <p className="ok" role="status">
          {saved}: {t.saved}
        </p>
      )}
    </>
  );
}
