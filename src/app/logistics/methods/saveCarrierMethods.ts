import {
  CARRIER_CAPABILITIES,
  CARRIER_METHODS,
  type CarrierMethod,
  type CarrierName,
  LABEL_FORMATS,
  type LabelFormat,
} from '../../../domain/carriers.js';
import { type FieldIssue, RetourError } from '../../../domain/errors.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { newId } from '../../kernel/ids.js';
import { inUnit } from '../../kernel/transaction.js';
import { isCountryCode } from '../connections/countryCodes.js';
import { forgetCarrierMapping } from './carrierMapping.js';
import { listCarrierMethods } from './carrierMethodQueries.js';

/** One row of the mapping: which service of which connection carries a return method for
 * shoppers in a country. */
export interface CarrierMethodInput {
  connectionId: string;
  method: string;
  country: string;
  serviceCode: string;
  serviceName: string;
  needsServicePoint?: boolean;
  labelFormat?: string;
  /** Order among the rows of one method and country: the first is offered first. */
  position?: number;
}

/** Replaces the whole mapping of methods per country in one go, refusing it all when one row is
 * wrong (the problem names the row: `methods.3.country`). */
export async function saveCarrierMethods(ctx: AppContext, meta: CommandMeta, input: { methods: CarrierMethodInput[] }) {
  // Dropped before and after: no request of this process sees the old answer once this returns.
  await forgetCarrierMapping(ctx.caches);
  const saved = await inUnit(ctx, meta, async (unit) => {
    const connectionIds = [...new Set(input.methods.map((m) => m.connectionId))];
    const connections = connectionIds.length
      ? await unit.tx
          .selectFrom('carrier_connections')
          .select(['id', 'carrier'])
          .where('id', 'in', connectionIds)
          // Held until commit, so a connection deleted meanwhile cannot leave rows pointing nowhere.
          .forShare()
          .execute()
      : [];
    const carrierOf = new Map(connections.map((c) => [c.id, c.carrier]));
    const issues = input.methods.flatMap((row, i) => rowIssues(row, i, carrierOf));
    issues.push(...duplicates(input.methods));
    if (issues.length > 0) {
      throw new RetourError('invalid', 'CARRIER_METHODS_INVALID', 'Some rows of the mapping are not valid', issues);
    }
    await unit.tx.deleteFrom('carrier_methods').execute();
    if (input.methods.length > 0) {
      await unit.tx
        .insertInto('carrier_methods')
        .values(
          input.methods.map((m, i) => ({
            id: newId('cm'),
            connection_id: m.connectionId,
            method: m.method as CarrierMethod,
            country: m.country,
            service_code: m.serviceCode,
            service_name: m.serviceName,
            needs_service_point: m.needsServicePoint ?? false,
            label_format: (m.labelFormat ?? 'pdf') as LabelFormat,
            position: m.position ?? i,
            created_at: unit.now,
          })),
        )
        .execute();
    }
    unit.record({
      type: 'settings.carrier_methods_saved',
      subjectType: 'carrier_methods',
      subjectId: 'all',
      data: {
        rows: input.methods.length,
        countries: [...new Set(input.methods.map((m) => m.country))].sort(),
        methods: [...new Set(input.methods.map((m) => m.method))].sort(),
      },
    });
    return listCarrierMethods(unit.tx);
  });
  await forgetCarrierMapping(ctx.caches);
  return saved;
}

function rowIssues(row: CarrierMethodInput, i: number, carrierOf: Map<string, CarrierName>): FieldIssue[] {
  const at = (field: string, message: string, code: string): FieldIssue => ({ path: `methods.${i}.${field}`, message, code });
  const issues: FieldIssue[] = [];
  const carrier = carrierOf.get(row.connectionId);
  if (!carrier) issues.push(at('connectionId', 'no carrier connection with this id', 'CONNECTION_NOT_FOUND'));
  if (!(CARRIER_METHODS as readonly string[]).includes(row.method)) {
    issues.push(at('method', `one of ${CARRIER_METHODS.join(', ')}`, 'METHOD_UNKNOWN'));
  } else if (carrier && !(CARRIER_CAPABILITIES[carrier].methods as readonly string[]).includes(row.method)) {
    issues.push(at('method', `${carrier} does not offer ${row.method} returns`, 'METHOD_NOT_OFFERED'));
  }
  if (!isCountryCode(row.country)) issues.push(at('country', 'a two-letter ISO country code in upper case', 'COUNTRY_INVALID'));
  const format = row.labelFormat ?? 'pdf';
  if (!(LABEL_FORMATS as readonly string[]).includes(format)) {
    issues.push(at('labelFormat', `one of ${LABEL_FORMATS.join(', ')}`, 'LABEL_FORMAT_UNKNOWN'));
  } else if (format === 'zpl' && carrier && !CARRIER_CAPABILITIES[carrier].zpl) {
    issues.push(at('labelFormat', `${carrier} gives no ZPL labels`, 'ZPL_NOT_OFFERED'));
  }
  if (!row.serviceCode.trim()) issues.push(at('serviceCode', 'required', 'REQUIRED'));
  if (!row.serviceName.trim()) issues.push(at('serviceName', 'required', 'REQUIRED'));
  return issues;
}

/** The same service of the same connection twice for one method and country. */
function duplicates(rows: CarrierMethodInput[]): FieldIssue[] {
  const seen = new Map<string, number>();
  const issues: FieldIssue[] = [];
  rows.forEach((row, i) => {
    const key = [row.connectionId, row.method, row.country, row.serviceCode].join('\u0000');
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else
      issues.push({
        path: `methods.${i}`,
        message: `the same service for ${row.method} in ${row.country} as row ${first}`,
        code: 'DUPLICATE_ROW',
      });
  });
  return issues;
}
