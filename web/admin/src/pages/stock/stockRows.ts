/** Stock levels and the movements behind them as the API lists them. */
export type {
  StockLevel as Level,
  StockLevelList,
  StockMovement as Movement,
  StockMovementPage,
} from '../../../../../src/http/routes/catalog/stock/schema.js';
