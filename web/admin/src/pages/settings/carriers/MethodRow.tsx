import { CARRIER_CAPABILITIES, CARRIER_METHODS, LABEL_FORMATS } from '../../../../../../src/domain/carriers.js';
import { useT } from '../../../i18n.js';
import { useLabels } from '../../../ui/useLabels.js';
import type { CarrierConnection, CarrierMethodRow } from './carrierModel.js';
import { CARRIER_TEXTS } from './carrierTexts.js';
import type { ServicesState } from './useServices.js';

/** One row of the methods-per-country editor: country, method, connection, the service picked
 * from the carrier's list (typed in when the carrier cannot list them), format and drop-off point. */
export function MethodRow({
  index,
  row,
  connections,
  services,
  onChange,
}: {
  index: number;
  row: CarrierMethodRow;
  connections: CarrierConnection[];
  services: ServicesState | null;
  onChange: (row: CarrierMethodRow) => void;
}) {
  const t = useT(CARRIER_TEXTS);
  const labels = useLabels();
  const connection = connections.find((c) => c.id === row.connectionId);
  const capabilities = connection ? CARRIER_CAPABILITIES[connection.carrier] : null;
  const name = (field: string) => `${t.row} ${index + 1}: ${field}`;
  return (
    <>
      <td>
        <input
          aria-label={name(t.country)}
          required
          size={3}
          maxLength={2}
          value={row.country}
          onChange={(e) => onChange({ ...row, country: e.target.value.toUpperCase(), serviceCode: '', serviceName: '' })}
        />
      </td>
      <td>
        <select aria-label={name(t.method)} value={row.method} onChange={(e) => onChange({ ...row, method: e.target.value })}>
          {CARRIER_METHODS.filter((m) => !capabilities || capabilities.methods.includes(m)).map((m) => (
            <option key={m} value={m}>
              {labels.method(m)}
            </option>
          ))}
        </select>
      </td>
      <td>
        <select
          aria-label={name(t.connection)}
          value={row.connectionId}
          onChange={(e) => onChange({ ...row, connectionId: e.target.value, serviceCode: '', serviceName: '' })}
        >
          {connections.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </td>
      <td>
        <ServiceCell row={row} services={services} label={name} onChange={onChange} />
      </td>
      <td>
        <select
          aria-label={name(t.labelFormat)}
          value={row.labelFormat ?? 'pdf'}
          onChange={(e) => onChange({ ...row, labelFormat: e.target.value })}
        >
          {LABEL_FORMATS.filter((f) => f === 'pdf' || capabilities?.zpl).map((f) => (
            <option key={f} value={f}>
              {f.toUpperCase()}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input
          type="checkbox"
          aria-label={name(t.needsPoint)}
          checked={row.needsServicePoint ?? false}
          onChange={(e) => onChange({ ...row, needsServicePoint: e.target.checked })}
        />
      </td>
    </>
  );
}

/** The service of a row: picked from the carrier's list for the method, or typed in when the
 * carrier could not list them. */
function ServiceCell({
  row,
  services,
  label: name,
  onChange,
}: {
  row: CarrierMethodRow;
  services: ServicesState | null;
  label: (field: string) => string;
  onChange: (row: CarrierMethodRow) => void;
}) {
  const t = useT(CARRIER_TEXTS);
  const offered = services?.status === 'ready' ? services.items.filter((s) => s.methods.includes(row.method as never)) : [];
  return services?.status === 'failed' ? (
    <>
      <small className="error">{services.error}</small>
      <input
        aria-label={name(t.serviceCode)}
        required
        value={row.serviceCode}
        onChange={(e) => onChange({ ...row, serviceCode: e.target.value, serviceName: row.serviceName || e.target.value })}
      />
    </>
  ) : services?.status === 'ready' ? (
    <select
      aria-label={name(t.service)}
      required
      value={row.serviceCode}
      onChange={(e) => {
        const picked = offered.find((s) => s.code === e.target.value);
        onChange({
          ...row,
          serviceCode: e.target.value,
          serviceName: picked?.name ?? '',
          needsServicePoint: picked?.needsServicePoint ?? row.needsServicePoint,
        });
      }}
    >
      <option value="">{t.pickService}</option>
      {row.serviceCode && !offered.some((s) => s.code === row.serviceCode) && (
        <option value={row.serviceCode}>{row.serviceName || row.serviceCode}</option>
      )}
      {offered.map((s) => (
        <option key={s.code} value={s.code}>
          {s.name}
        </option>
      ))}
    </select>
  ) : (
    <small className="muted">{services ? t.loadingServices : row.serviceName}</small>
  );
}
