import { useCallback, useEffect, useRef, useState } from 'react';
import { problemText } from '../api.js';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => Promise<void>;
}

/** Loads data for a screen and reloads it on demand or when `deps` change; a late answer for
 * old inputs is dropped. `reload` keeps its identity, so timers can hold it. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);
  const latest = useRef(load);
  latest.current = load;
  const run = useCallback(async () => {
    const mine = ++generation.current;
    setLoading(true);
    try {
      const result = await latest.current();
      if (mine === generation.current) {
        setData(result);
        setError(null);
      }
    } catch (err) {
      if (mine === generation.current) setError(problemText(err));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, []);
  const key = JSON.stringify(deps);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's inputs, compared by value, decide when to load again
  useEffect(() => {
    void run();
  }, [run, key]);
  return { data, error, loading, reload: run };
}
