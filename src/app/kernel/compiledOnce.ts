import type { Compilable, Kysely } from 'kysely';
import { keptQuery } from '../../db/keptQuery.js';

/**
 * A read whose statement is the same on every call but for its values, built and compiled once:
 * a kept query (see keptQuery, which says what it saves and what it refuses) whose values are
 * given in order rather than by name. `build` must give a query of one shape whatever the values
 * (no value may decide a join, a condition or the length of a list).
 */
export function compiledOnce<Db, Values extends string[], Row>(
  build: (db: Kysely<Db>, ...values: Values) => Compilable<Row>,
): (db: Kysely<Db>, ...values: Values) => Promise<Row[]> {
  const kept = keptQuery((db: Kysely<Db>, named: Record<string, string>) => build(db, ...(Object.values(named) as Values)));
  return (db, ...values) => {
    const named: Record<string, string> = {};
    values.forEach((value, i) => {
      named[`value ${i}`] = value;
    });
    return kept.execute(db, named);
  };
}
