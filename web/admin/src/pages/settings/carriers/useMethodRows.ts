import { useState } from 'react';
import type { CarrierMethodList, CarrierMethodRow } from './carrierModel.js';

/** The editor's rows, starting from the saved mapping: changed, moved, added (for the first
 * connection and the warehouse's country) and removed in place until saved. */
export function useMethodRows(saved: CarrierMethodList, firstConnection: string, country: string) {
  const [rows, setRows] = useState<CarrierMethodRow[]>(() =>
    saved.items.map(({ connectionId, method, country, serviceCode, serviceName, needsServicePoint, labelFormat }) => ({
      connectionId,
      method,
      country,
      serviceCode,
      serviceName,
      needsServicePoint,
      labelFormat,
    })),
  );
  return {
    rows,
    change: (i: number, row: CarrierMethodRow) => setRows(rows.map((r, j) => (j === i ? row : r))),
    move: (i: number, by: -1 | 1) => {
      const next = [...rows];
      const [row] = next.splice(i, 1);
      if (row) next.splice(i + by, 0, row);
      setRows(next);
    },
    add: () =>
      setRows([
        ...rows,
        { connectionId: firstConnection, method: 'qr', country, serviceCode: '', serviceName: '', labelFormat: 'pdf' },
      ]),
    remove: (i: number) => setRows(rows.filter((_, j) => j !== i)),
  };
}
