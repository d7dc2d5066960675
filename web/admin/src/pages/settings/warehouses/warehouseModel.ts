/** A warehouse or store as the API has it, and as the form edits it. */
export interface Warehouse {
  id: string;
  code: string;
  name: string;
  kind: string;
  isDefault: boolean;
  address: { line1: string; postcode: string; city: string; country: string };
  openingHours: string | null;
}

export const EMPTY_WAREHOUSE_FORM = {
  code: '',
  name: '',
  kind: 'warehouse',
  isDefault: false,
  openingHours: '',
  line1: '',
  postcode: '',
  city: '',
  country: 'NL',
};

export const formOf = (w: Warehouse) => ({
  code: w.code,
  name: w.name,
  kind: w.kind,
  isDefault: w.isDefault,
  openingHours: w.openingHours ?? '',
  line1: w.address.line1,
  postcode: w.address.postcode,
  city: w.address.city,
  country: w.address.country,
});

export type WarehouseForm = typeof EMPTY_WAREHOUSE_FORM;
