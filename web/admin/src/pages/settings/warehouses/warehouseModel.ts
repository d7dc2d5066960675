import type { Warehouse } from '../../../../../../src/http/routes/catalog/warehouses/schema.js';

/** A warehouse or store as the API has it, and as the form edits it. */
export type { Warehouse };

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
