/** A customer and their orders as the API gives them. */
export interface CustomerDetail {
  id: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  country: string | null;
  segment: string;
  createdAt: string;
  orderCount: number;
  returnCount: number;
  returnRate?: number;
  valueReturned?: number;
}
export interface OrderRow {
  id: string;
  orderNumber: string;
  placedAt: string;
  totalAmount: number;
  currency: string;
}
