import { z } from 'zod';
import { address, addressSchema } from '../../../../domain/address.js';
import { SHOPPER_LOCALES } from '../../../../domain/policy/messages.js';
import type { Wire } from '../../common.js';

/** A logo is an https address or a path on this server: never a script or data URL. */
const logoUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((u) => /^https:\/\/[^\s"'<>]+$/i.test(u) || /^\/[^\s"'<>/][^\s"'<>]*$/.test(u), 'an https:// address or a /path');

const EXCHANGE_SURPLUS = ['refund', 'store_credit'] as const;
const INSTANT_EXCHANGE_UNRETURNED = ['charge', 'review'] as const;

export const shopSettingsPatch = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  timezone: z.string().trim().min(1).max(64).optional(),
  defaultLocale: z.enum(SHOPPER_LOCALES).optional(),
  locales: z
    .array(z.enum(SHOPPER_LOCALES))
    .min(1)
    .max(SHOPPER_LOCALES.length)
    .refine((l) => new Set(l).size === l.length, 'each language once')
    .optional(),
  shipByDays: z.number().int().min(1).max(365).optional(),
  storeCreditValidityDays: z.number().int().min(1).max(3650).nullish(),
  exchangeSurplus: z.enum(EXCHANGE_SURPLUS).optional(),
  instantExchangeUnreturned: z.enum(INSTANT_EXCHANGE_UNRETURNED).optional(),
  returnAddress: addressSchema.nullish(),
  logoUrl: logoUrl.nullish(),
  brandColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #rrggbb')
    .nullish(),
  supportEmail: z.email().max(254).nullish(),
  handlingRatePerHour: z.number().int().min(0).max(10_000_000).optional(),
});

/** The shop's settings. */
export const shopSettings = z.object({
  name: z.string(),
  currency: z.string().describe('ISO 4217'),
  timezone: z.string().describe('IANA time zone'),
  defaultLocale: z.enum(SHOPPER_LOCALES),
  locales: z.array(z.enum(SHOPPER_LOCALES)).describe('The languages shoppers can choose'),
  shipByDays: z.number().describe('Days a shopper has to send a return off'),
  storeCreditValidityDays: z.number().nullable().describe('Days store credit stays valid; null: it does not expire'),
  exchangeSurplus: z.enum(EXCHANGE_SURPLUS).describe('Where the surplus of an exchange for something cheaper goes'),
  instantExchangeUnreturned: z
    .enum(INSTANT_EXCHANGE_UNRETURNED)
    .describe('An instant exchange whose old item is not back in time: charge the shopper, or review'),
  activePolicyVersionId: z.string().nullable().describe('The published policy version that judges new returns'),
  returnAddress: address.nullable(),
  logoUrl: z.string().nullable(),
  brandColor: z.string().nullable().describe('#rrggbb'),
  supportEmail: z.string().nullable(),
  handlingRatePerHour: z
    .number()
    .describe(
      "What an hour of inspection costs, minor units of the shop's currency: the costs report prices inspection time at it",
    ),
});

export type ShopSettingsView = Wire<typeof shopSettings>;
export type ShopSettingsPatch = z.input<typeof shopSettingsPatch>;
