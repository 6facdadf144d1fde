import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';

export interface ApiState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Loads again (after a write). */
  reload(): void;
}

/**
 * Loads data for a page. Errors have already gone through the error policy of `request`, so pages only
 * decide what to render while `data` is missing.
 */
export function useApi<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): ApiState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const ctrl = new AbortController();
    setLoading(true);
    setError(undefined);
    loadRef.current(ctrl.signal).then(
      (d) => {
        if (!ctrl.signal.aborted) {
          setData(d);
          setLoading(false);
        }
      },
      (e: unknown) => {
        if (!ctrl.signal.aborted) {
          setError(e);
          setLoading(false);
        }
      },
    );
    return () => ctrl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}
