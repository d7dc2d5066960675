import { type Compilable, type CompiledQuery, createQueryId, type Kysely, NoResultError } from 'kysely';

/**
 * A query whose SQL text is the same on every call, only its values differ, built and compiled
 * once per process. Kysely builds the operation tree and compiles it to SQL on every call: on a
 * return request that was about a millisecond of Node CPU across its reads, more than PostgreSQL
 * spent answering some of them. The query is written with the ordinary builder as a function of
 * named values; the first call builds it with a unique stand-in for each value, notes which
 * parameters the stand-ins became, and every call then sends that SQL with its own values in those
 * places. The SQL text is the builder's, so prepared statements (PreparingClient) still find it.
 *
 * This is only sound when each value ends up as whole parameters and nothing else, so the first
 * compile refuses (throws) a query where a value
 * - is inlined into the SQL text (`sql.lit`, `sql.raw`, an identifier) or made part of a longer
 *   string: the stand-ins throw when turned into a string or JSON;
 * - decides the query's shape in JavaScript (`$if(p.lock, …)`, `p.x === null ? …`): noticed when a
 *   value is read more often while building than it turns up among the parameters. A query of two
 *   shapes is two kept queries;
 * - is an array spread into a list (`in (…)`, whose length shapes the SQL): pass it whole, as
 *   `= any(${ids}::text[])`.
 * A call refuses `undefined` values (Kysely leaves undefined columns out of an insert, so the kept
 * statement would differ) and values missing from, or added to, those of the first call.
 */
export interface KeptQuery<Db, Values, Row> {
  /** The rows, as the builder's `execute()` gives them. */
  execute(db: Kysely<Db>, values: Values): Promise<Row[]>;
  /** The first row or undefined, as the builder's `executeTakeFirst()`. */
  executeTakeFirst(db: Kysely<Db>, values: Values): Promise<Row | undefined>;
  /** The first row, else Kysely's NoResultError, as the builder's `executeTakeFirstOrThrow()`. */
  executeTakeFirstOrThrow(db: Kysely<Db>, values: Values): Promise<Row>;
  /** The statement a call with these values sends (tests hold it against the builder's). */
  compile(db: Kysely<Db>, values: Values): CompiledQuery<Row>;
  /** The query as the builder makes it for these values. */
  build(db: Kysely<Db>, values: Values): Compilable<Row>;
}

type ValuesOf = Record<string, unknown>;

/** The statement once compiled, and which parameter takes which value. */
interface Kept {
  compiled: CompiledQuery;
  slots: { parameter: number; name: string }[];
  names: string[];
  arrays: Set<string>;
}

export class KeptQueryRefused extends Error {
  override name = 'KeptQueryRefused';
}

/** An object that refuses to become a string, a number or JSON: a stand-in used for anything but
 * a parameter throws instead of compiling a statement that would be wrong for other values. */
function standIn(name: string): object {
  const refuse = (): never => {
    throw new KeptQueryRefused(`kept query: value "${name}" is used while the query is built, not only as a parameter`);
  };
  return Object.freeze({ [Symbol.toPrimitive]: refuse, toString: refuse, valueOf: refuse, toJSON: refuse });
}

export function keptQuery<Db, Values extends ValuesOf, Row>(
  build: (db: Kysely<Db>, values: Values) => Compilable<Row>,
): KeptQuery<Db, Values, Row> {
  let kept: Kept | null = null;
  const statement = (db: Kysely<Db>, values: Values): CompiledQuery<Row> => {
    kept ??= keep(db, build as (db: Kysely<Db>, values: ValuesOf) => Compilable<unknown>, values);
    checkValues(kept, values);
    const parameters = [...kept.compiled.parameters];
    for (const slot of kept.slots) parameters[slot.parameter] = values[slot.name];
    // A query id of its own per call, as the builder gives each execution.
    return { ...kept.compiled, queryId: createQueryId(), parameters } as CompiledQuery<Row>;
  };
  const execute = async (db: Kysely<Db>, values: Values) => (await db.executeQuery(statement(db, values))).rows;
  return {
    execute,
    executeTakeFirst: async (db, values) => (await execute(db, values))[0],
    executeTakeFirstOrThrow: async (db, values) => {
      const sent = statement(db, values);
      const [row] = (await db.executeQuery(sent)).rows;
      if (row === undefined) throw new NoResultError(sent.query as ConstructorParameters<typeof NoResultError>[0]);
      return row;
    },
    compile: statement,
    build,
  };
}

function checkValues(kept: Kept, values: ValuesOf): void {
  let count = 0;
  for (const key in values) {
    count++;
    const value = values[key];
    if (value === undefined) throw new KeptQueryRefused(`kept query: value "${key}" is undefined`);
    if (Array.isArray(value) !== kept.arrays.has(key))
      throw new KeptQueryRefused(`kept query: value "${key}" is ${Array.isArray(value) ? '' : 'not '}an array this time`);
  }
  if (count !== kept.names.length)
    throw new KeptQueryRefused(`kept query: called with values ${Object.keys(values)}, compiled with ${kept.names}`);
}

/** Builds and compiles the query once with stand-ins shaped like the first call's values (an
 * array stays an array, so a list spread into the SQL shows), and notes where each went. */
function keep<Db>(db: Kysely<Db>, build: (db: Kysely<Db>, values: ValuesOf) => Compilable<unknown>, first: ValuesOf): Kept {
  const names = Object.keys(first);
  const arrays = new Set(names.filter((name) => Array.isArray(first[name])));
  const owner = new Map<unknown, string>();
  const elements = new Map<unknown, string>();
  const standIns: ValuesOf = {};
  for (const name of names) {
    if (first[name] === undefined) throw new KeptQueryRefused(`kept query: value "${name}" is undefined`);
    const one = arrays.has(name) ? [standIn(`${name}[0]`), standIn(`${name}[1]`)] : standIn(name);
    if (Array.isArray(one)) for (const element of one) elements.set(element, name);
    owner.set(one, name);
    standIns[name] = one;
  }
  const reads = new Map<string, number>();
  const watched = new Proxy(standIns, {
    get(target, key, receiver) {
      if (typeof key === 'string' && owner.has(target[key])) reads.set(key, (reads.get(key) ?? 0) + 1);
      return Reflect.get(target, key, receiver);
    },
  });
  const compiled = compileWith(() => build(db, watched).compile());
  const slots: Kept['slots'] = [];
  compiled.parameters.forEach((parameter, index) => {
    const name = owner.get(parameter);
    if (name !== undefined) slots.push({ parameter: index, name });
    else if (hidesStandIn(parameter, elements, owner))
      throw new KeptQueryRefused(
        `kept query: a parameter holds a value or an element of one, not the value whole (an \`in\` list? use \`= any(\${ids}::text[])\`) in ${compiled.sql}`,
      );
  });
  for (const name of names) {
    const uses = slots.filter((slot) => slot.name === name).length;
    if (uses === 0 || uses < (reads.get(name) ?? 0))
      throw new KeptQueryRefused(
        `kept query: value "${name}" is read ${reads.get(name) ?? 0} times while building but is ${uses} parameters of ${compiled.sql}`,
      );
  }
  return { compiled, slots, names, arrays };
}

/** Kysely's own errors on a stand-in (an identifier made of a value fails inside its parser) are
 * refusals too, told as such. */
function compileWith(compile: () => CompiledQuery): CompiledQuery {
  try {
    return compile();
  } catch (err) {
    if (err instanceof KeptQueryRefused) throw err;
    throw new KeptQueryRefused(
      `kept query: building it with stand-ins for its values failed, a value used while building? ${err}`,
      {
        cause: err,
      },
    );
  }
}

/** Whether a parameter is an element of an array value, or an array or object made around a value. */
function hidesStandIn(parameter: unknown, elements: Map<unknown, string>, owner: Map<unknown, string>): boolean {
  if (elements.has(parameter)) return true;
  if (parameter === null || typeof parameter !== 'object' || parameter instanceof Date) return false;
  return Object.values(parameter).some((inner) => owner.has(inner) || elements.has(inner));
}
