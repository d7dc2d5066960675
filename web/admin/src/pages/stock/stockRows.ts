/** Stock levels and the movements behind them as the API lists them. */
export interface Level {
  variantId: string;
  sku: string;
  title: string;
  warehouseId: string;
  warehouseCode: string;
  condition: string;
  onHand: number;
}
export interface Movement {
  id: string;
  variantId: string;
  sku: string;
  warehouseCode: string;
  condition: string;
  quantity: number;
  kind: string;
  returnLineId: string | null;
  returnNumber: string | null;
  note: string | null;
  createdAt: string;
}
