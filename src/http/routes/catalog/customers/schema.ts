import { z } from 'zod';
import { RETURN_STATUSES } from '../../../../domain/returnLifecycle.js';
import { cursorQuery, instant, limitQuery, pageOf, type Wire } from '../../common.js';

export const customersQuery = z.strictObject({ q: z.string().max(200).optional(), cursor: cursorQuery, limit: limitQuery });

export const customer = z.object({
  id: z.string(),
  email: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  country: z.string().nullable(),
  postcode: z.string().nullable(),
  segment: z.string().describe('Policy segment, e.g. regular, vip, employee'),
  tags: z.array(z.string()),
  createdAt: instant,
});
export const customerPage = pageOf(customer);

export const customerDetail = customer.extend({
  orderCount: z.number(),
  returnCount: z.number(),
  unitsOrdered: z.number(),
  unitsReturned: z.number().describe('Units asked back in returns that went ahead'),
  returnRate: z.number().describe('Share of the units bought that were asked back, 0–1'),
  valueReturned: z.number().describe('What the returned units were paid, in minor units'),
  orders: z
    .array(
      z.object({
        id: z.string(),
        orderNumber: z.string(),
        placedAt: instant,
        totalAmount: z.number(),
        currency: z.string(),
        lineCount: z.number(),
        units: z.number(),
      }),
    )
    .describe('The latest 100 orders'),
  returns: z
    .array(
      z.object({
        id: z.string(),
        number: z.string(),
        status: z.enum(RETURN_STATUSES),
        orderId: z.string(),
        orderNumber: z.string(),
        currency: z.string(),
        createdAt: instant,
        units: z.number(),
        value: z.number().describe('What the returned units were paid, in minor units'),
      }),
    )
    .describe('The latest 100 returns'),
});

export type Customer = Wire<typeof customer>;
export type CustomerPage = Wire<typeof customerPage>;
export type CustomerDetail = Wire<typeof customerDetail>;
