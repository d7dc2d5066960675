import { z } from 'zod';
import { CHANNEL_KINDS } from '../../../../domain/salesChannel.js';
import { referenceCode as code, type Wire } from '../../common.js';

export const createChannelBody = z.strictObject({
  code,
  name: z.string().trim().min(1).max(200),
  kind: z.enum(CHANNEL_KINDS),
});
export const channel = z.object({ id: z.string(), code: z.string(), name: z.string(), kind: z.enum(CHANNEL_KINDS) });
export const channelList = z.array(channel);
export const createdChannel = z.object({ id: z.string() });

export type Channel = Wire<typeof channel>;
