import type { Compilable, CompiledQuery, Kysely } from 'kysely';

/** Where each value of a call goes among the statement's parameters. */
interface Made {
  compiled: CompiledQuery;
  slots: { parameter: number; value: number }[];
}

/**
 * A read whose statement is the same on every call but for its values, built and compiled once.
 * Kysely builds and compiles a query anew on each call: for a read with many joins and subqueries
 * that took more CPU than the database spent answering it. The first call builds the query with
 * stand-ins for the values and notes where each went among the parameters; every call then sends
 * that statement with its own values in those places. `build` must give a query of one shape
 * whatever the values (no value may decide a join, a condition or the length of a list).
 */
export function compiledOnce<Db, Values extends string[], Row>(
  build: (db: Kysely<Db>, ...values: Values) => Compilable<Row>,
): (db: Kysely<Db>, ...values: Values) => Promise<Row[]> {
  let made: Made | null = null;
  const make = (db: Kysely<Db>, count: number): Made => {
    const standIns = Array.from({ length: count }, (_, i) => `\u0000compiled-once value ${i}\u0000`) as Values;
    const compiled = build(db, ...standIns).compile();
    const slots: Made['slots'] = [];
    compiled.parameters.forEach((p, parameter) => {
      const value = standIns.indexOf(p as string);
      if (value >= 0) slots.push({ parameter, value });
    });
    standIns.forEach((s, value) => {
      if (!slots.some((slot) => slot.value === value) || compiled.sql.includes(s))
        throw new Error(`compiledOnce: value ${value} is not a parameter of its own in ${compiled.sql}`);
    });
    return { compiled, slots };
  };
  return async (db, ...values) => {
    made ??= make(db, values.length);
    const parameters = [...made.compiled.parameters];
    for (const slot of made.slots) parameters[slot.parameter] = values[slot.value];
    const result = await db.executeQuery<Row>({ ...made.compiled, parameters } as CompiledQuery<Row>);
    return result.rows;
  };
}
