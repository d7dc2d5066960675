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
 * - decides the query's shape in JavaScript (`$if(p.lock, …)`, `p.x === null ? …`), or Kysely does
 *   (`is null` for a null): noticed when a value is read more often while building than it turns up
 *   among the parameters, and when the builder's own statement for the first call's values is not
 *   the kept one (under the test runner, for every call's). A query of two shapes is two kept queries;
 * - is an array spread into a list (`in (…)`, whose length shapes the SQL): pass it whole, as
 *   `= any(${ids}::text[])`.
 * A call refuses `undefined` values (Kysely leaves undefined columns out of an insert, so the kept
 * statement would differ) and values missing from, or added to, those of the first call.
 *
 * A value that is a plain object is a row (for `.values(row)` or `.set(row)`): each of its fields
 * is a value of its own. An array of plain objects is rows for a multi-row insert, whose SQL has a
 * list per row: the statement is kept per number of rows (a few shapes at most; beyond
 * MAX_SHAPES the builder compiles each call as before). A JSON value goes in as its text.
 */
export interface KeptQuery<Db, Values, Row> {
  /** The rows, as the builder's `execute()` gives them (a write without `returning` gives none,
   * not the builder's insert or update result). */
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
type Path = readonly (string | number)[];

/** What a value of the first call was: each later call must give the same. */
type Kind = { of: 'value' } | { of: 'list' } | { of: 'row'; fields: string[] } | { of: 'rows'; fields: string[] };

/** The statement once compiled for one number of rows, and which parameter takes which value. */
interface Kept {
  compiled: CompiledQuery;
  slots: { parameter: number; path: Path }[];
}

/** Row counts a kept query keeps a statement for; more are compiled by the builder on each call. */
export const MAX_SHAPES = 16;
/** Rows of a multi-row value a statement is kept for at most: a bulk write (an import's hundreds of
 * events) is one call among many rows, where building costs little per row, and each new count
 * would be a statement kept for the process's life. */
export const MAX_KEPT_ROWS = 32;

export class KeptQueryRefused extends Error {
  override name = 'KeptQueryRefused';
}

const refused = (message: string) => new KeptQueryRefused(`kept query: ${message}`);

/** An object that refuses to become a string, a number or JSON, and has no fields of its own to
 * list: a stand-in used for anything but a parameter throws instead of compiling a statement that
 * would be wrong for other values. */
function standIn(label: string): object {
  const refuse = {
    enumerable: false,
    value: (): never => {
      throw refused(`value "${label}" is used while the query is built, not only as a parameter`);
    },
  };
  return Object.freeze(
    Object.defineProperties({}, { [Symbol.toPrimitive]: refuse, toString: refuse, valueOf: refuse, toJSON: refuse }),
  );
}

/** An expression (`sql…`, a subquery) or a function making one: the builder puts it into the SQL,
 * a kept statement would send it as a parameter. */
const isQueryPart = (value: unknown): boolean =>
  typeof value === 'function' || (typeof value === 'object' && value !== null && 'toOperationNode' in value);

const isRow = (value: unknown): value is ValuesOf =>
  value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;

export function keptQuery<Db, Values extends ValuesOf, Row>(
  build: (db: Kysely<Db>, values: Values) => Compilable<Row>,
): KeptQuery<Db, Values, Row> {
  let kinds: Map<string, Kind> | null = null;
  const shapes = new Map<string, Kept>();
  const anyBuild = build as (db: Kysely<Db>, values: ValuesOf) => Compilable<unknown>;
  const statement = (db: Kysely<Db>, values: Values): CompiledQuery<Row> => {
    // An empty array tells neither a list from rows nor, as rows, any fields: such a first call is
    // compiled by the builder and teaches nothing. The kinds are kept only once a shape was kept.
    const known = kinds ?? (hasEmptyArray(values) ? null : kindsOf(values));
    if (!known) return build(db, values).compile();
    const { shape, mostRows, noRows } = checkValues(known, values);
    let kept = shapes.get(shape);
    if (!kept) {
      if (shapes.size >= MAX_SHAPES || mostRows > MAX_KEPT_ROWS || noRows) return build(db, values).compile();
      kept = keep(db, anyBuild, known, values);
      // A value that decided something while building (even read once, destructured) shows here:
      // the builder's own statement for these values must be the kept one.
      sameAsBuilder(kept, values, build(db, values).compile());
      shapes.set(shape, kept);
      kinds = known;
    } else if (CHECK_EVERY_CALL) sameAsBuilder(kept, values, build(db, values).compile());
    // A query id of its own per call, as the builder gives each execution.
    return { ...kept.compiled, queryId: createQueryId(), parameters: parametersOf(kept, values) } as CompiledQuery<Row>;
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

/** Under the test runner every call is held against the builder's statement for its values, so a
 * value that shapes the SQL (`x === null ? … : …`, Kysely's `is null` for a null) fails a test. */
const CHECK_EVERY_CALL = process.env.VITEST === 'true';

function parametersOf(kept: Kept, values: ValuesOf): unknown[] {
  const parameters = [...kept.compiled.parameters];
  for (const slot of kept.slots) parameters[slot.parameter] = valueAt(values, slot.path);
  return parameters;
}

/** Refuses a kept statement that is not what the builder makes of these values. */
function sameAsBuilder(kept: Kept, values: ValuesOf, built: CompiledQuery): void {
  const parameters = parametersOf(kept, values);
  if (
    built.sql !== kept.compiled.sql ||
    built.parameters.length !== parameters.length ||
    built.parameters.some((p, i) => p !== parameters[i])
  )
    throw refused(`the builder makes another statement of these values (a value decided its shape?): ${built.sql}`);
}

const hasEmptyArray = (values: ValuesOf): boolean => Object.values(values).some((v) => Array.isArray(v) && v.length === 0);

function valueAt(values: ValuesOf, path: Path): unknown {
  let value: unknown = values;
  for (const key of path) value = (value as Record<string | number, unknown>)[key];
  return value;
}

/** The kind of each value of the first call. */
function kindsOf(first: ValuesOf): Map<string, Kind> {
  const kinds = new Map<string, Kind>();
  for (const [name, value] of Object.entries(first)) {
    if (isRow(value)) kinds.set(name, { of: 'row', fields: Object.keys(value) });
    else if (Array.isArray(value) && value.length > 0 && value.every(isRow))
      kinds.set(name, { of: 'rows', fields: Object.keys(value[0] as ValuesOf) });
    else kinds.set(name, { of: Array.isArray(value) ? 'list' : 'value' });
  }
  return kinds;
}

/** Refuses values unlike the first call's; answers the shape of these (their numbers of rows), the
 * most rows of one value and whether one has none (the builder compiles that call). */
function checkValues(kinds: Map<string, Kind>, values: ValuesOf): { shape: string; mostRows: number; noRows: boolean } {
  let count = 0;
  let shape = '';
  let mostRows = 0;
  let noRows = false;
  for (const name in values) {
    count++;
    const value = values[name];
    const kind = kinds.get(name);
    if (value === undefined) throw refused(`value "${name}" is undefined`);
    if (isQueryPart(value)) throw refused(`value "${name}" is a piece of SQL, which the builder would have inlined`);
    if (!kind) throw refused(`value "${name}" was not given at the first call`);
    if (kind.of === 'row') checkRow(name, value, kind.fields);
    else if (kind.of === 'rows') {
      if (!Array.isArray(value)) throw refused(`value "${name}" is not rows this time`);
      for (const row of value) checkRow(name, row, kind.fields);
      shape += `${name}:${value.length};`;
      mostRows = Math.max(mostRows, value.length);
      if (value.length === 0) noRows = true;
    } else if (Array.isArray(value) !== (kind.of === 'list') || isRow(value))
      throw refused(`value "${name}" is not ${kind.of === 'list' ? 'an array' : 'one value'} this time`);
  }
  if (count !== kinds.size) throw refused(`called with values ${Object.keys(values)}, first with ${[...kinds.keys()]}`);
  return { shape, mostRows, noRows };
}

/** A row must have the fields of the first call's, none undefined: Kysely leaves an undefined
 * field out of an insert, and a missing or added one would change the columns. */
function checkRow(name: string, row: unknown, fields: readonly string[]): void {
  if (!isRow(row)) throw refused(`value "${name}" is not a row this time`);
  let count = 0;
  for (const field in row) {
    count++;
    const value = row[field];
    if (value === undefined) throw refused(`value "${name}.${field}" is undefined`);
    if (isQueryPart(value)) throw refused(`value "${name}.${field}" is a piece of SQL, which the builder would have inlined`);
  }
  if (count !== fields.length || fields.some((field) => !(field in row)))
    throw refused(`value "${name}" has fields ${Object.keys(row)}, first ${fields}`);
}

/** Stand-ins shaped like these values (an array stays an array, so a list spread into the SQL
 * shows; rows are rows of stand-ins), with the path of each. */
function standInsFor(kinds: Map<string, Kind>, values: ValuesOf) {
  const owner = new Map<unknown, Path>();
  const elements = new Set<unknown>();
  const leaf = (path: Path) => {
    const one = standIn(path.join('.'));
    owner.set(one, path);
    return one;
  };
  const row = (path: Path, fields: readonly string[]) => Object.fromEntries(fields.map((f) => [f, leaf([...path, f])]));
  const standIns: ValuesOf = {};
  for (const [name, kind] of kinds) {
    if (kind.of === 'value') standIns[name] = leaf([name]);
    else if (kind.of === 'row') standIns[name] = row([name], kind.fields);
    else if (kind.of === 'rows') standIns[name] = (values[name] as unknown[]).map((_, i) => row([name, i], kind.fields));
    else {
      const list = [standIn(`${name}[0]`), standIn(`${name}[1]`)];
      for (const element of list) elements.add(element);
      owner.set(list, [name]);
      standIns[name] = list;
    }
  }
  return { owner, elements, standIns };
}

/** Builds and compiles the query once with stand-ins, and notes which parameter each became. */
function keep<Db>(
  db: Kysely<Db>,
  build: (db: Kysely<Db>, values: ValuesOf) => Compilable<unknown>,
  kinds: Map<string, Kind>,
  values: ValuesOf,
): Kept {
  const { owner, elements, standIns } = standInsFor(kinds, values);
  // Reads of the values themselves are counted (a row's fields are read by Kysely as it likes): one
  // read more often than it is a parameter decided something in JavaScript.
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
    const path = owner.get(parameter);
    if (path !== undefined) slots.push({ parameter: index, path });
    else if (hidesStandIn(parameter, elements, owner))
      throw refused(
        `a parameter holds a value or an element of one, not the value whole (an \`in\` list? pass the array whole, as \`= any(\${ids}::text[])\`; JSON? pass its text) in ${compiled.sql}`,
      );
  });
  // Counted once, not per value: a statement of many rows has thousands of each.
  const usesOf = new Map<Path, number>();
  for (const slot of slots) usesOf.set(slot.path, (usesOf.get(slot.path) ?? 0) + 1);
  for (const path of owner.values()) {
    const label = path.join('.');
    const uses = usesOf.get(path) ?? 0;
    const read = path.length === 1 ? (reads.get(label) ?? 0) : 0;
    if (uses === 0 || uses < read)
      throw refused(`value "${label}" is read ${read} times while building but is ${uses} parameters of ${compiled.sql}`);
  }
  return { compiled, slots };
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
function hidesStandIn(parameter: unknown, elements: Set<unknown>, owner: Map<unknown, Path>): boolean {
  if (elements.has(parameter)) return true;
  if (parameter === null || typeof parameter !== 'object' || parameter instanceof Date) return false;
  return Object.values(parameter).some((inner) => owner.has(inner) || elements.has(inner));
}
