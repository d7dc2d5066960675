import type { ColumnType, JSONColumnType } from 'kysely';

/** A timestamptz column: read as Date, written as Date or ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type TimestampDefault = ColumnType<Date, Date | string | undefined, Date | string>;
export type Json<T extends object | null> = JSONColumnType<T, T | string, T | string>;
/** A jsonb column with a default: may be left out on insert. */
export type JsonDefault<T extends object> = ColumnType<T, T | string | undefined, T | string>;
export type WithDefault<T> = ColumnType<T, T | undefined, T>;

export interface Address {
  name?: string;
  line1: string;
  line2?: string;
  postcode: string;
  city: string;
  country: string;
}
