import { hash } from '@node-rs/argon2';
import type { StaffRole } from '../../domain/access.js';
import { RetourError } from '../../domain/errors.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { newId } from '../kernel/ids.js';
import { inUnit } from '../kernel/transaction.js';
import { checkKeyMayGrant } from './grantingKey.js';
import { checkStoreAssignment } from './storeAssignment.js';

export interface CreateStaffUserInput {
  email: string;
  name: string;
  password: string;
  role: StaffRole;
  /** For the store role: the store the user works at. */
  storeId?: string | null;
}

/** argon2id with OWASP's minimum for its memory-hard profile (19 MiB, 2 passes). */
export const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Creates a staff account; the password is stored only as an argon2id hash. */
export async function createStaffUser(ctx: AppContext, meta: CommandMeta, input: CreateStaffUserInput) {
  const email = input.email.trim().toLowerCase();
  const passwordHash = await hash(input.password, ARGON2_OPTIONS);
  return inUnit(ctx, meta, async ({ tx, record }) => {
    await checkKeyMayGrant(tx, meta.actor, { kind: 'staff' });
    const exists = await tx.selectFrom('staff_users').select('id').where('email', '=', email).executeTakeFirst();
    if (exists) {
      throw new RetourError('conflict', 'STAFF_EMAIL_TAKEN', `A staff user with e-mail ${email} exists`, [
        { path: 'email', message: 'already in use' },
      ]);
    }
    const storeId = await checkStoreAssignment(tx, input.role, input.storeId);
    const id = newId('usr');
    await tx
      .insertInto('staff_users')
      .values({ id, email, name: input.name, password_hash: passwordHash, role: input.role, store_id: storeId })
      .execute();
    record({ type: 'staff.created', subjectType: 'staff_user', subjectId: id, data: { email, role: input.role, storeId } });
    return { id, email, name: input.name, role: input.role, storeId };
  });
}
