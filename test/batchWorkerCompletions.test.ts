import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type PgBoss from 'pg-boss';
import { describe, expect, it } from 'vitest';
import { completer } from '../src/jobs/batchWorker.js';

/** A full garbage collection, asked of V8 for this test only. */
function collectGarbage(): void {
  setFlagsFromString('--expose_gc');
  (runInNewContext('gc') as () => void)();
}

describe('a batch worker’s completions', () => {
  it('holds only the writes still pending, not the answers of those written', async () => {
    const answers: WeakRef<object>[] = [];
    const completed: string[][] = [];
    const boss = {
      complete: async (_queue: string, ids: string[]) => {
        completed.push(ids);
        // What pg-boss answers, made large enough that a worker keeping every one would show.
        const answer = { ids, rows: new Array(1_000).fill(ids[0]) };
        answers.push(new WeakRef(answer));
        return answer;
      },
    } as unknown as PgBoss;
    const completions = completer(boss, 'test.completions', (err) => expect.fail(String(err)));
    for (let i = 0; i < 20; i++) {
      completions.add(`job${i}`);
      completions.flush();
    }
    await completions.drain();
    expect(completed).toHaveLength(20);
    // A WeakRef keeps its object until the current task ends; then nothing else may hold them.
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    expect(answers.filter((a) => a.deref() !== undefined)).toHaveLength(0);
  });
});
