import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { cliActor } from '../../src/app/kernel/context.js';
import { giveReturnFeedback } from '../../src/app/returns/giveReturnFeedback.js';
import type { StaffRole } from '../../src/domain/access.js';
import { startWorkers } from '../../src/jobs/worker.js';
import type { DbKind } from './databases.js';
import { DAY, orderLine, seedCatalogue, seedOrders, seedStaff } from './fixtures.js';
import { approveAll, inspectAll, receiveAll } from './riskShop.js';
import { createTestApp, type StaffClient, type TestApp } from './testApp.js';

/* A shopper with everything Retour can keep about a person, to erase: two customer rows (two
 * spellings of one mailbox), orders, a closed return with a photo, a comment, notes, a message,
 * feedback, a refund and store credit, e-mails in the mailbox, webhook deliveries, a block-list
 * entry and what the portal saw. */

export interface Person {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  street: string;
  postcode: string;
}

export const SHOPPER: Person = {
  firstName: 'Wilhelmina',
  lastName: 'Zonneveld',
  email: 'wilhelmina.zonneveld@example.nl',
  phone: '+31 6 4242 1717',
  street: 'Prinsengracht 263',
  postcode: '1016 GV',
};

export const OTHER: Person = {
  firstName: 'Bartholomeus',
  lastName: 'Vredenburg',
  email: 'bart.vredenburg@example.org',
  phone: '+31 6 9898 3131',
  street: 'Keizersgracht 999',
  postcode: '1017 EA',
};

/** The person's phone as written at home, with separators: "06-4242 1717". */
export function localPhone(p: Person): string {
  const digits = p.phone.replace(/[^0-9]/g, '').slice(-9);
  return `0${digits.slice(0, 1)}-${digits.slice(1, 5)} ${digits.slice(5)}`;
}

/** The address as risk compares it (retour_normal_address): country, postcode, house number. */
export function normalAddress(p: Person): string {
  return `NL|${p.postcode.replace(/[^0-9A-Za-z]/g, '').toUpperCase()}|${p.street.match(/(\d+)\s*$/)?.[1] ?? ''}`;
}

/** Where the person lives as a scan looks for it (lower case): shared with whoever lives there. */
export function placeTraces(p: Person): string[] {
  return [p.postcode, normalAddress(p)].map((v) => v.toLowerCase());
}

/** What identifies the person, as a scan looks for it (lower case). */
export function traces(p: Person): string[] {
  return [
    p.firstName,
    p.lastName,
    p.email,
    p.email.replace('@', '+shop@'),
    p.street,
    p.phone,
    localPhone(p),
    p.phone.replace(/[^0-9]/g, '').slice(-9),
  ].map((v) => v.toLowerCase());
}

/** A photo of its own (noise: no two alike), as a shopper's phone would send it. */
export const photoJpeg = () =>
  sharp({
    create: { width: 800, height: 600, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } },
  })
    .jpeg()
    .toBuffer();

/** A webhook receiver on loopback that takes everything. */
export async function startReceiver(): Promise<{ url: string; stop: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    stop: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

let orderSeq = 0;

/** An order of the person (to this e-mail, default theirs) at their address: a tee in M and in L. */
export async function orderOf(t: TestApp, p: Person, email = p.email) {
  orderSeq += 1;
  const delivered = new Date(t.clock.now.getTime() - 3 * DAY);
  const [order] = await seedOrders(t.ctx, [
    {
      orderNumber: `ER-${orderSeq}-${p.lastName.slice(0, 3).toUpperCase()}`,
      channel: 'webshop',
      placedAt: new Date(delivered.getTime() - DAY).toISOString(),
      currency: 'EUR',
      customer: { email, firstName: p.firstName, lastName: p.lastName, phone: p.phone },
      shippingAddress: {
        name: `${p.firstName} ${p.lastName}`,
        line1: p.street,
        postcode: p.postcode,
        city: 'Amsterdam',
        country: 'NL',
      },
      shippingAmount: 0,
      shippingPremiumAmount: 0,
      discountAmount: 0,
      lines: [orderLine('TEE-M', 1, 2000, delivered), orderLine('TEE-L', 1, 2000, delivered)],
    },
  ]);
  if (!order) throw new Error('order not seeded');
  const row = await t.ctx.db.selectFrom('orders').select('customer_id').where('id', '=', order.id).executeTakeFirstOrThrow();
  return { ...order, customerId: row.customer_id };
}

/** The person asks a return of the order's tee in M in the portal, with a photo and a comment. */
export async function askWithPhoto(t: TestApp, p: Person, order: Awaited<ReturnType<typeof orderOf>>, email = p.email) {
  const token = await t.shopperToken(order.number, email);
  const photo = await t.request({
    method: 'POST',
    url: '/api/v1/shopper/photos',
    bearer: token,
    payload: await photoJpeg(),
    headers: { 'content-type': 'image/jpeg' },
  });
  if (photo.statusCode !== 201) throw new Error(`photo: ${photo.body}`);
  const asked = await t.request({
    method: 'POST',
    url: '/api/v1/shopper/returns',
    bearer: token,
    payload: {
      method: 'qr',
      lines: [
        {
          orderLineId: order.lineBySku['TEE-M'],
          quantity: 1,
          reasonCode: 'defective',
          resolution: 'refund',
          photoIds: [photo.json().id],
          comment: `${p.firstName} ${p.lastName} here: the seam tore, call me on ${p.phone}`,
        },
      ],
    },
  });
  if (asked.statusCode !== 201) throw new Error(`return: ${asked.body}`);
  return { returnId: asked.json().returnId as string, number: asked.json().number as string, photoId: photo.json().id as string };
}

/** Takes the return through review, receipt, inspection, a refund by bank transfer, notes, a
 * message and feedback, to closed. */
export async function closeWithEverything(t: TestApp, p: Person, returnId: string, customerId: string, agent: StaffClient) {
  const meta = { actor: cliActor };
  await approveAll(t, returnId);
  await receiveAll(t, returnId);
  await inspectAll(t, returnId, 'B');
  const post = (path: string, payload: object) =>
    t.request({ method: 'POST', url: `/api/v1/returns/${returnId}/${path}`, staff: agent, payload });
  await post('notes', { body: `Called ${p.firstName} ${p.lastName} on ${localPhone(p)} about the seam` });
  await post('messages', { body: `Dear ${p.firstName}, your refund is on its way to ${p.street}` });
  const line = await t.ctx.db.selectFrom('return_lines').select('id').where('return_id', '=', returnId).executeTakeFirstOrThrow();
  const settled = await post('settlements', {
    kind: 'refund',
    reference: `bank-${returnId.slice(-6)}`,
    lines: [{ returnLineId: line.id, amount: 2000 }],
  });
  if (settled.statusCode !== 200) throw new Error(`settlement: ${settled.body}`);
  await giveReturnFeedback(t.ctx, meta, { returnId, customerId, rating: 4, comment: `${p.firstName} is happy with the help` });
  const closed = await post('close', {});
  if (closed.json().status !== 'closed') throw new Error(`close: ${closed.body}`);
}

/** A test app to erase people in: the catalogue, staff of `roles` (admin and agent signed in), a
 * webhook endpoint for returns and customers at a local receiver, and the workers running (e-mail
 * stays in the local mailbox, webhooks reach the receiver). */
export async function openErasureApp(kind: DbKind, roles: StaffRole[]) {
  const receiver = await startReceiver();
  const t = await createTestApp(kind, { RETOUR_ENCRYPTION_KEY: 'erasure-test-key' });
  await seedCatalogue(t.ctx);
  await seedStaff(t.ctx, roles);
  const admin = await t.login('admin');
  const agent = await t.login('agent');
  const endpoint = await t.request({
    method: 'POST',
    url: '/api/v1/webhook-endpoints',
    staff: admin,
    payload: { url: receiver.url, description: 'ERP', eventTypes: ['return.*', 'customer.*'] },
  });
  if (endpoint.statusCode !== 201) throw new Error(`webhook endpoint not made: ${endpoint.body}`);
  const workers = await startWorkers(t.ctx, t.handle, { pollMs: 50 });
  const close = async () => {
    await workers.stop();
    await t.close();
    await receiver.stop();
  };
  return { t, admin, agent, close };
}
