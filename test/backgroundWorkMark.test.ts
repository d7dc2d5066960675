import { afterEach, describe, expect, it } from 'vitest';
import { isBackgroundWork } from '../src/db/priorityGate.js';
import { type Background, startBackground } from '../src/runtime/background.js';
import { createTestDb, DB_KINDS } from './support/databases.js';
import { testConfig, testContext } from './support/testContext.js';
import { until } from './support/until.js';

const quiet = { info: () => undefined, warn: () => undefined };

let stopBackground: (() => Promise<void>) | null = null;
afterEach(async () => {
  await stopBackground?.();
  stopBackground = null;
});

// The mark costs every promise of the process once it is first used (async hooks on Node 20), so
// it is set only where the gate reads it: the embedded database's one connection.
describe.each(DB_KINDS)('the background rounds marked as background work (%s)', (kind) => {
  it(kind === 'pglite' ? 'run marked, so requests go first' : 'run unmarked, as there is no gate to rank them', async () => {
    const handle = await createTestDb(kind);
    const seen: boolean[] = [];
    // The settlement round starts at once and asks the clock first: it tells in which context it runs.
    const ctx = testContext(handle.db, {
      now: () => {
        seen.push(isBackgroundWork());
        return new Date();
      },
    });
    let background: Background | null = null;
    stopBackground = async () => {
      await background?.stop();
      await handle.close();
    };
    background = await startBackground(testConfig(), ctx, handle, quiet);
    await until(() => seen.length > 0, { what: 'a background round to read the clock' });
    expect(new Set(seen)).toEqual(new Set([kind === 'pglite']));
  }, 60_000);
});
