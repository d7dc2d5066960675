import { describe, expect, it } from 'vitest';
import { TimedValue } from '../src/app/kernel/timedValue.js';

/** A read that answers when the test says, counting how often it was made. */
function controlledRead<T>() {
  const reads: ((value: T) => void)[] = [];
  const read = () => new Promise<T>((resolve) => reads.push(resolve));
  return { read, reads };
}

describe('TimedValue', () => {
  it('keeps what it read for its lifetime', async () => {
    const cache = new TimedValue<number>(60_000);
    let reads = 0;
    const read = async () => ++reads;
    expect(await cache.get(read)).toBe(1);
    expect(await cache.get(read)).toBe(1);
    expect(reads).toBe(1);
  });

  it('uses once, without keeping, a value whose read began before a drop', async () => {
    const cache = new TimedValue<string>(60_000);
    const { read, reads } = controlledRead<string>();
    const stale = cache.get(read);
    cache.dropCopy();
    reads[0]?.('old');
    expect(await stale).toBe('old');
    const fresh = cache.get(read);
    expect(reads).toHaveLength(2);
    reads[1]?.('new');
    expect(await fresh).toBe('new');
    // Read after the drop: kept.
    expect(await cache.get(read)).toBe('new');
    expect(reads).toHaveLength(2);
  });

  it('forgets its copy and tells the others through what announces it, until that is taken away', async () => {
    const cache = new TimedValue<number>(60_000);
    let reads = 0;
    const read = async () => ++reads;
    let announced = 0;
    cache.announceForgetsWith(async () => {
      announced++;
    });
    await cache.get(read);
    await cache.forget();
    expect(announced).toBe(1);
    expect(await cache.get(read)).toBe(2);
    cache.announceForgetsWith(null);
    await cache.forget();
    expect(announced).toBe(1);
    expect(await cache.get(read)).toBe(3);
    // A drop heard from another process is not announced again.
    cache.dropCopy();
    expect(announced).toBe(1);
    expect(await cache.get(read)).toBe(4);
  });
});
