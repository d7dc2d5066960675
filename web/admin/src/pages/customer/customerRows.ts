/** A customer and their orders as the API gives them. */
export type { CustomerDetail } from '../../../../../src/http/routes/catalog/customers/schema.js';
export type { OrderHeader as OrderRow, OrderPage } from '../../../../../src/http/routes/catalog/orders/schema.js';
