/** What a round of exchange work did (the worker logs it; POST /api/v1/exchange-orders/run answers it). */
export interface ExchangeRoundReport {
  linksOpened: number;
  paid: number;
  expired: number;
  overdue: number;
  surplusPaid: number;
  errors: number;
}

export const emptyReport = (): ExchangeRoundReport => ({
  linksOpened: 0,
  paid: 0,
  expired: 0,
  overdue: 0,
  surplusPaid: 0,
  errors: 0,
});
