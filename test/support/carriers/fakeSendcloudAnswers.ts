import bwipjs from 'bwip-js';
import { openPdf } from '../../../src/integrations/labels/pdfDocument.js';
import type { FakeSendcloud, FakeSendcloudParcel } from './fakeSendcloud.js';
import { POSTCODE_CENTRES, SENDCLOUD_STATUSES, v3Error } from './fakeSendcloudData.js';
import type { FakeAnswer, SeenRequest } from './fakeServer.js';

/** The fake Sendcloud's read-only answers: documents, service points and tracking. */

const iso = (d: Date) => d.toISOString();

export async function documentAnswer(state: FakeSendcloud, req: SeenRequest, ids: number[], type: string): Promise<FakeAnswer> {
  const parcels = ids.map((id) => state.parcels.get(id));
  if (ids.length === 0 || parcels.some((p) => !p)) return v3Error(404, 'not_found', 'Parcel not found.');
  const found = parcels as FakeSendcloudParcel[];
  if (found.some((p) => !p.trackingNumber)) return v3Error(404, 'not_found', 'The document is not available (yet).');
  const accept = String(req.headers.accept ?? 'application/pdf');
  const ret = found[0]?.returnId ? state.returns.get(found[0].returnId) : undefined;
  if (type === 'qr') {
    if (ret?.delivery_option !== 'drop_off_labelless')
      return {
        status: 404,
        body: { error: { code: 404, request: req.path.slice(1), message: 'No QR code for this parcel.' } },
      };
    const png = await bwipjs.toBuffer({ bcid: 'qrcode', text: `SC:${found[0]?.trackingNumber}` });
    return { status: 200, raw: png, headers: { 'content-type': 'image/png' } };
  }
  if (type === 'customs-declaration' && !ret?.customs_invoice_nr)
    return v3Error(404, 'not_found', 'No customs declaration for this parcel.');
  if (type !== 'label' && type !== 'customs-declaration')
    return v3Error(400, 'invalid_choice', `"${type}" is not a valid choice.`, undefined, 'type');
  if (accept.includes('application/zpl')) {
    if (type !== 'label') return v3Error(406, 'not_acceptable', 'Only labels come as ZPL.', undefined, 'Accept');
    const zpl = found
      .map((p) => `^XA^CF0,40^FO40,40^FDSendcloud return^FS^BY3^FO40,110^BCN,120,Y,N,N^FD${p.trackingNumber}^FS^XZ`)
      .join('\n');
    return { status: 200, raw: Buffer.from(zpl), headers: { 'content-type': 'application/zpl' } };
  }
  if (!accept.includes('application/pdf'))
    return v3Error(406, 'not_acceptable', 'Use application/pdf or application/zpl.', undefined, 'Accept');
  const { doc, done } = openPdf(
    { size: 'A6', margin: 20 },
    { title: `Sendcloud ${type}`, shopName: 'Sendcloud', createdAt: new Date() },
  );
  found.forEach((p, i) => {
    if (i > 0) doc.addPage();
    doc.fontSize(16).text(type === 'label' ? `${p.carrier.toUpperCase()} return` : 'CN23 customs declaration');
    doc
      .fontSize(12)
      .text(`Tracking ${p.trackingNumber}`)
      .text(`Box ${i + 1} of ${found.length}`);
  });
  doc.end();
  return { status: 200, raw: await done, headers: { 'content-type': 'application/pdf' } };
}

export function servicePointsAnswer(state: FakeSendcloud, req: SeenRequest): FakeAnswer {
  const q = req.query;
  const country = q.get('country_code');
  if (!country) return v3Error(400, 'required', 'This field is required.', undefined, 'country_code');
  const carriers = q.getAll('carrier_code').flatMap((c) => c.split(','));
  const integration = q.get('use_integration_carriers') === 'true';
  if (carriers.length > 0 === integration)
    return v3Error(400, 'invalid', 'Give exactly one of carrier_code and use_integration_carriers.', undefined, 'carrier_code');
  const postcode = (q.get('address_postal_code') ?? q.get('address') ?? '').replace(/\s+/g, '');
  const centre = POSTCODE_CENTRES[postcode.slice(0, 4)];
  const latitude = Number(q.get('latitude') ?? centre?.latitude);
  const longitude = Number(q.get('longitude') ?? centre?.longitude);
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude))
    return {
      status: 200,
      body: { data: { results: [], geocoding: { status: 'not_found', precision: null, formatted_address: null } } },
    };
  const radius = Number(q.get('radius') ?? 5000);
  const types = q.getAll('general_shop_type');
  const results = state.servicePoints
    .filter((p) => p.address.country_code === country.toUpperCase())
    .filter((p) => carriers.length === 0 || carriers.includes(p.carrier.code))
    .filter((p) => types.length === 0 || types.includes(p.general_shop_type))
    .map((p) => ({ ...p, distance: Math.round(metresBetween(latitude, longitude, p.position.latitude, p.position.longitude)) }))
    .filter((p) => p.distance <= radius)
    .sort((a, b) => a.distance - b.distance)
    .slice(0, Number(q.get('limit') ?? 20) || 20)
    .map((p) => ({ ...p, is_open_tomorrow: true, is_expired: false, contact: { phone: null, email: null, website: null } }));
  return {
    status: 200,
    body: {
      data: {
        results,
        geocoding: { status: 'matched', precision: 'postal_code', formatted_address: `${postcode}, ${country}` },
      },
    },
  };
}

export function trackingAnswer(state: FakeSendcloud, trackingNumber: string): FakeAnswer {
  const parcel = [...state.parcels.values()].find((p) => p.trackingNumber === trackingNumber);
  if (!parcel) return v3Error(404, 'not_found', 'No parcel with this tracking number.');
  const ret = parcel.returnId ? state.returns.get(parcel.returnId) : undefined;
  const events = parcel.history.map((h) => {
    const status = SENDCLOUD_STATUSES[h.parent];
    return {
      event_at: iso(h.at),
      event_type: 'carrier',
      parent_status: h.parent,
      status_code: String(status?.id ?? ''),
      status_description: status?.message ?? h.parent,
      status_type: 'parcel',
      location: null,
    };
  });
  const first = parcel.history[0]?.at ?? new Date();
  return {
    status: 200,
    body: {
      data: {
        tracking_number: trackingNumber,
        tracking_numbers: [trackingNumber],
        created_at: iso(first),
        announced_at: iso(first),
        parent_status: parcel.history[parcel.history.length - 1]?.parent ?? 'unknown',
        details: { is_return: true, is_to_service_point: false, is_mail_box: false, brand_id: null },
        events,
        from_address: ret?.from_address ?? null,
        to_address: ret?.to_address ?? null,
      },
    },
  };
}

/** Great-circle distance, for the service points' `distance`. */
function metresBetween(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const a = Math.sin(rad(lat2 - lat1) / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(rad(lon2 - lon1) / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(a));
}
