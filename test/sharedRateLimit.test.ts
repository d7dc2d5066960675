import { describe, expect, it } from 'vitest';
import { RateLimitCounter } from '../src/runtime/sharedRateLimit.js';

describe('the rate-limit counts kept by the primary', () => {
  it('counts a client per route within its window, and starts again once the window is over', () => {
    const counter = new RateLimitCounter();
    expect(counter.count('POST /lookup', 'a', 60_000, 1_000)).toEqual({ current: 1, ttl: 60_000 });
    expect(counter.count('POST /lookup', 'a', 60_000, 11_000)).toEqual({ current: 2, ttl: 50_000 });
    expect(counter.count('POST /lookup', 'b', 60_000, 11_000)).toEqual({ current: 1, ttl: 60_000 });
    expect(counter.count('POST /login', 'a', 60_000, 11_000)).toEqual({ current: 1, ttl: 60_000 });
    expect(counter.count('POST /lookup', 'a', 60_000, 60_999)).toEqual({ current: 3, ttl: 1 });
    expect(counter.count('POST /lookup', 'a', 60_000, 61_000)).toEqual({ current: 1, ttl: 60_000 });
  });

  it('forgets the client of a full route not seen for longest', () => {
    const counter = new RateLimitCounter(2);
    counter.count('r', 'a', 60_000, 0);
    counter.count('r', 'b', 60_000, 1);
    counter.count('r', 'a', 60_000, 2);
    // 'b' was seen least recently: the third client pushes it out, 'a' keeps its count.
    counter.count('r', 'c', 60_000, 3);
    expect(counter.count('r', 'a', 60_000, 4).current).toBe(3);
    expect(counter.count('r', 'b', 60_000, 5).current).toBe(1);
  });
});
