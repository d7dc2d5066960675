import { type FormEvent, useEffect, useState } from 'react';
import { can } from '../../access.js';
import { api } from '../../api.js';
import { useLang, useT, withCurrency } from '../../i18n.js';
import { useMe } from '../../session.js';
import { SaveFooter } from '../../ui/FormActions.js';
import { Loaded } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useShopCurrency } from '../../ui/useLabels.js';
import { useLoad } from '../../ui/useLoad.js';
import { EventDates } from './EventDates.js';
import type { RiskSettings, RiskSettingsView } from './riskWire.js';
import { NumberField, SignalSettings } from './SignalSettings.js';
import { SETTINGS_TEXTS } from './settingsTexts.js';

/** The shop's risk settings: read by every role of the section, changed by an administrator. */
export function RiskSettingsTab() {
  const state = useLoad(() => api<RiskSettingsView>('GET', '/risk/settings'), []);
  return <Loaded state={state}>{(view) => <SettingsForm view={view} />}</Loaded>;
}

function SettingsForm({ view }: { view: RiskSettingsView }) {
  const t = useT(SETTINGS_TEXTS);
  const me = useMe();
  const editable = can(me.role, 'risk.manage');
  const action = useAction();
  const [saved, setSaved] = useState(false);
  const [current, setCurrent] = useState(view);
  const [s, setS] = useState<RiskSettings>(view.settings);
  useEffect(() => {
    setCurrent(view);
    setS(view.settings);
  }, [view]);
  const d = current.defaults;
  const change = (patch: Partial<RiskSettings>) => {
    setSaved(false);
    setS({ ...s, ...patch });
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    let next: RiskSettingsView | null = null;
    const ok = await action.run(async () => {
      next = await api<RiskSettingsView>('PUT', '/risk/settings', s);
    });
    if (ok && next) {
      setCurrent(next);
      setS((next as RiskSettingsView).settings);
      setSaved(true);
    }
  }

  return (
    <form className="risk-settings" onSubmit={submit}>
      <p className="muted">
        {current.customised ? t.customised : t.defaults} {editable ? '' : t.readOnly}
      </p>
      <ScoreFields s={s} d={d} editable={editable} change={change} />
      <h2>{t.signalsTitle}</h2>
      <SignalSettings
        value={s.signals}
        defaults={d.signals}
        editable={editable}
        onChange={(code, one) => change({ signals: { ...s.signals, [code]: one } })}
      />
      <OtherFields s={s} d={d} editable={editable} change={change} />
      <EventDates events={s.events} editable={editable} onChange={(events) => change({ events })} />
      <SaveFooter busy={action.busy} error={action.error} saved={saved} editable={editable} texts={t} />
    </form>
  );
}

/** Where the score acts: from which score a person looks and money waits for the goods. */
function ScoreFields({
  s,
  d,
  editable,
  change,
}: {
  s: RiskSettings;
  d: RiskSettings;
  editable: boolean;
  change: (patch: Partial<RiskSettings>) => void;
}) {
  const t = useT(SETTINGS_TEXTS);
  return (
    <fieldset className="card">
      <legend>{t.scoreTitle}</legend>
      <p>{t.lawNote}</p>
      <div className="field-grid">
        <NumberField
          label={t.reviewFrom}
          value={s.reviewFrom}
          fallback={d.reviewFrom}
          min={1}
          max={100}
          disabled={!editable}
          onChange={(reviewFrom) => change({ reviewFrom })}
        />
        <NumberField
          label={t.refundAfterReceiptFrom}
          value={s.refundAfterReceiptFrom}
          fallback={d.refundAfterReceiptFrom}
          min={1}
          max={100}
          disabled={!editable}
          onChange={(refundAfterReceiptFrom) => change({ refundAfterReceiptFrom })}
        />
      </div>
    </fieldset>
  );
}

/** Serial returning's minimum, the velocity window and the handling cost bracketing is priced at. */
function OtherFields({
  s,
  d,
  editable,
  change,
}: {
  s: RiskSettings;
  d: RiskSettings;
  editable: boolean;
  change: (patch: Partial<RiskSettings>) => void;
}) {
  const t = useT(SETTINGS_TEXTS);
  const lang = useLang();
  const currency = useShopCurrency();
  return (
    <fieldset className="card">
      <legend>{t.otherTitle}</legend>
      <div className="field-grid">
        <NumberField
          label={t.serialMinReturns}
          value={s.serialMinReturns}
          fallback={d.serialMinReturns}
          min={0}
          disabled={!editable}
          onChange={(serialMinReturns) => change({ serialMinReturns })}
        />
        <NumberField
          label={t.velocityDays}
          value={s.velocityDays}
          fallback={d.velocityDays}
          min={1}
          max={90}
          disabled={!editable}
          onChange={(velocityDays) => change({ velocityDays })}
        />
        <NumberField
          label={withCurrency(t.handlingCost, currency, lang)}
          value={s.handlingCost}
          fallback={d.handlingCost}
          money
          min={0}
          disabled={!editable}
          onChange={(handlingCost) => change({ handlingCost })}
        />
      </div>
    </fieldset>
  );
}
