import { createContext, useContext } from 'react';
import type { DrillChoice, FilterValues } from './filters.js';

/** What every dashboard on the page shares: the filters as asked, the currency its money is in,
 * and the way to open the returns behind a number. */
export interface AnalyticsView {
  filters: FilterValues;
  /** The filtered currency, or the shop's. */
  currency: string;
  /** The period shown: the one asked, or the API's default once known. */
  period: { from: string; to: string };
  openDrill: (choice: DrillChoice) => void;
}

export const ViewContext = createContext<AnalyticsView | null>(null);

export function useView(): AnalyticsView {
  const view = useContext(ViewContext);
  if (!view) throw new Error('outside the analytics view');
  return view;
}
