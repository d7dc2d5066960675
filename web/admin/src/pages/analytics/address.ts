import { useEffect, useState } from 'react';

// The view's address in the browser; what it holds is read and written by filters.ts.

/** The page's query string, kept current as the history moves. */
export function useSearch(): string {
  const [search, setSearch] = useState(() => window.location.search);
  useEffect(() => {
    const update = () => setSearch(window.location.search);
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  return search;
}

/** Writes a view's query string into the address bar: a new history entry, so Back undoes a change. */
export function pushSearch(search: string): void {
  window.history.pushState(null, '', `${window.location.pathname}${search}`);
  window.dispatchEvent(new PopStateEvent('popstate'));
}
