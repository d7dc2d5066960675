import type { PolicyRuleInput } from '../../../../../src/domain/policy/document.js';
import type { ShopperLocale } from '../../../../../src/domain/policy/messages.js';
import { texts, useT } from '../../i18n.js';
import { ConditionsEditor } from './ConditionsEditor.js';
import { EffectsEditor } from './EffectsEditor.js';
import { compact } from './fields.js';

const T = texts({
  en: {
    rule: 'Rule',
    id: 'Id (shown in verdicts)',
    name: 'Name',
    description: 'Description',
    enabled: 'Enabled',
    public: 'Public (on the policy page; fees of a rule that is not public are never charged)',
    when: 'When',
    effects: 'Then',
    up: 'Move up',
    down: 'Move down',
    remove: 'Remove',
    add: 'Add a rule',
    none: 'No rules: the defaults apply to every line.',
    order: 'Later rules win where two set the same effect, so put specific rules below general ones.',
    newRule: 'New rule',
    off: 'off',
    translations: 'Name and description on the policy page per language',
    translationsHint: 'A language left empty shows the shop’s default language, then the name and description above.',
  },
  nl: {
    rule: 'Regel',
    id: 'Id (zichtbaar in oordelen)',
    name: 'Naam',
    description: 'Omschrijving',
    enabled: 'Actief',
    public: 'Openbaar (op de beleidspagina; kosten van een niet-openbare regel worden nooit gerekend)',
    when: 'Als',
    effects: 'Dan',
    up: 'Omhoog',
    down: 'Omlaag',
    remove: 'Verwijderen',
    add: 'Regel toevoegen',
    none: 'Geen regels: de standaard geldt voor elke regel.',
    order: 'Latere regels winnen als twee hetzelfde instellen: zet specifieke regels onder algemene.',
    newRule: 'Nieuwe regel',
    off: 'uit',
    translations: 'Naam en omschrijving op de beleidspagina per taal',
    translationsHint: 'Een lege taal toont de standaardtaal van de winkel, en anders de naam en omschrijving hierboven.',
  },
});

const LANGUAGES: { locale: ShopperLocale; name: string }[] = [
  { locale: 'nl', name: 'Nederlands' },
  { locale: 'en', name: 'English' },
  { locale: 'de', name: 'Deutsch' },
  { locale: 'fr', name: 'Français' },
];

/** A rule with one language's text set; a language whose name and description are both empty is left out. */
function withTranslation(
  rule: PolicyRuleInput,
  locale: ShopperLocale,
  patch: { name?: string; description?: string },
): PolicyRuleInput {
  const current = rule.translations?.[locale] ?? { name: '' };
  const next = { ...current, ...patch };
  const translations = { ...rule.translations };
  if (!next.name && !next.description) delete translations[locale];
  else translations[locale] = next.description ? next : { name: next.name };
  return compact({ ...rule, translations: Object.keys(translations).length ? translations : undefined });
}

/** A fresh id that no rule has yet. */
function freshId(rules: PolicyRuleInput[]): string {
  for (let i = rules.length + 1; ; i++) if (!rules.some((r) => r.id === `rule-${i}`)) return `rule-${i}`;
}

/** The rules of a draft, one form each, in the order they cascade. */
export function RulesEditor({
  rules,
  onChange,
  readOnly,
}: {
  rules: PolicyRuleInput[];
  onChange: (next: PolicyRuleInput[]) => void;
  readOnly: boolean;
}) {
  const t = useT(T);
  const replace = (i: number, rule: PolicyRuleInput) => onChange(rules.map((r, j) => (j === i ? rule : r)));
  const move = (i: number, by: -1 | 1) => {
    const next = [...rules];
    const [rule] = next.splice(i, 1);
    if (rule) next.splice(i + by, 0, rule);
    onChange(next);
  };
  return (
    <div>
      <p className="muted">{t.order}</p>
      {rules.length === 0 && <p className="muted">{t.none}</p>}
      {rules.map((rule, i) => (
        <RuleCard
          // By position: the id is edited in place, and a key that changed with it would remount the form mid-word.
          // biome-ignore lint/suspicious/noArrayIndexKey: rules have no identity of their own while being edited
          key={i}
          rule={rule}
          index={i}
          count={rules.length}
          readOnly={readOnly}
          onChange={(next) => replace(i, next)}
          onMove={(by) => move(i, by)}
          onRemove={() => onChange(rules.filter((_, j) => j !== i))}
        />
      ))}
      {!readOnly && (
        <button
          type="button"
          onClick={() => onChange([...rules, { id: freshId(rules), name: t.newRule, when: {}, effects: {} }])}
        >
          + {t.add}
        </button>
      )}
    </div>
  );
}

/** One rule: who it is, its texts per language, when it applies and what it does, and its place. */
function RuleCard({
  rule,
  index: i,
  count,
  readOnly,
  onChange: replace,
  onMove,
  onRemove,
}: {
  rule: PolicyRuleInput;
  index: number;
  count: number;
  readOnly: boolean;
  onChange: (rule: PolicyRuleInput) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const t = useT(T);
  return (
    <details className="rule-card" data-enabled={String(rule.enabled !== false)} open={count <= 3}>
      <summary>
        {i + 1}. {rule.name || rule.id} {rule.enabled === false && <span className="badge">{t.off}</span>}
      </summary>
      <fieldset disabled={readOnly} className="plain">
        <RuleIdentity rule={rule} onChange={replace} />
        <RuleTranslations rule={rule} onChange={replace} />
        <h3>{t.when}</h3>
        <ConditionsEditor value={rule.when ?? {}} onChange={(when) => replace({ ...rule, when })} />
        <h3>{t.effects}</h3>
        <EffectsEditor value={rule.effects} onChange={(effects) => replace({ ...rule, effects })} />
        <div className="toolbar">
          <button type="button" disabled={i === 0} onClick={() => onMove(-1)}>
            ↑ {t.up}
          </button>
          <button type="button" disabled={i === count - 1} onClick={() => onMove(1)}>
            ↓ {t.down}
          </button>
          <button type="button" className="danger" onClick={onRemove}>
            {t.remove}
          </button>
        </div>
      </fieldset>
    </details>
  );
}

/** The rule's id, name, whether it is on and public, and its description. */
function RuleIdentity({ rule, onChange: replace }: { rule: PolicyRuleInput; onChange: (rule: PolicyRuleInput) => void }) {
  const t = useT(T);
  return (
    <>
      <div className="field-grid">
        <label>
          <span>{t.id}</span>
          <input
            required
            pattern="[a-z0-9][a-z0-9_\-]{0,62}"
            value={rule.id}
            onChange={(e) => replace({ ...rule, id: e.target.value })}
          />
        </label>
        <label>
          <span>{t.name}</span>
          <input required size={30} value={rule.name} onChange={(e) => replace({ ...rule, name: e.target.value })} />
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={rule.enabled !== false}
            onChange={(e) => replace({ ...rule, enabled: e.target.checked })}
          />
          <span>{t.enabled}</span>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={rule.public !== false}
            onChange={(e) => replace({ ...rule, public: e.target.checked })}
          />
          <span>{t.public}</span>
        </label>
      </div>
      <label>
        <span>{t.description}</span>
        <textarea
          rows={2}
          value={rule.description ?? ''}
          onChange={(e) => replace(compact({ ...rule, description: e.target.value || undefined }))}
        />
      </label>
    </>
  );
}

/** The rule's name and description in each of the shopper's languages. */
function RuleTranslations({ rule, onChange: replace }: { rule: PolicyRuleInput; onChange: (rule: PolicyRuleInput) => void }) {
  const t = useT(T);
  return (
    <details className="translations">
      <summary>{t.translations}</summary>
      <p className="muted">{t.translationsHint}</p>
      {LANGUAGES.map(({ locale, name }) => (
        <div className="field-grid" key={locale} lang={locale}>
          <label>
            <span>
              {t.name} ({name})
            </span>
            <input
              size={30}
              value={rule.translations?.[locale]?.name ?? ''}
              onChange={(e) => replace(withTranslation(rule, locale, { name: e.target.value }))}
            />
          </label>
          <label>
            <span>
              {t.description} ({name})
            </span>
            <textarea
              rows={2}
              value={rule.translations?.[locale]?.description ?? ''}
              onChange={(e) => replace(withTranslation(rule, locale, { description: e.target.value }))}
            />
          </label>
        </div>
      ))}
    </details>
  );
}
