import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Loads data for a page and reloads when `deps` change (compared by value: they are filters, small plain
 * data). Only the latest request may set state, so a slow answer for old filters never overwrites a newer one.
 */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);
  const latestLoad = useRef(load);
  latestLoad.current = load;
  const depsKey = JSON.stringify(deps);

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    setLoading(true);
    try {
      const value = await latestLoad.current();
      if (mine === generation.current) {
        setData(value);
        setError(undefined);
      }
    } catch (e) {
      if (mine === generation.current) setError(e);
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: depsKey is the trigger; `reload` reads the latest `load`
  useEffect(() => {
    void reload();
  }, [reload, depsKey]);

  return { data, error, loading, reload };
}
