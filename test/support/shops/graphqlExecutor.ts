import { argumentsOf, type GqlField, type GqlSelection } from './graphqlDocument.js';

/** An object the fake answers from: its fields by name, `__typename` for fragments and errors.
 * A field may be a function of its arguments and the field asked (a filtered list, a root field,
 * a mutation reading its directives). */
export type FakeObject = Record<string, unknown> & { __typename?: string };

/** A query the fake refuses before running it (Shopify's validation errors). */
export class GqlValidationError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export type FieldFunction = (
  args: Record<string, unknown>,
  field: GqlField,
  directives: Record<string, Record<string, unknown>>,
) => unknown;

const CONNECTION_FIELDS = new Set(['nodes', 'edges', 'pageInfo']);

function fieldsOf(selections: GqlSelection[]): GqlField[] {
  return selections.flatMap((s) => (s.kind === 'field' ? [s] : fieldsOf(s.selections)));
}

export const isConnection = (selections: GqlSelection[] | null) =>
  selections !== null && fieldsOf(selections).some((f) => CONNECTION_FIELDS.has(f.name));

/** The selection of one node of a connection (under `nodes` or `edges { node }`). */
export function nodeSelections(selections: GqlSelection[]): GqlSelection[] {
  const fields = fieldsOf(selections);
  const nodes = fields.find((f) => f.name === 'nodes')?.selections;
  const edgeNode = fields
    .find((f) => f.name === 'edges')
    ?.selections?.flatMap((s) => (s.kind === 'field' && s.name === 'node' ? (s.selections ?? []) : []));
  return [...(nodes ?? []), ...(edgeNode ?? [])];
}

const encodeCursor = (index: number) => Buffer.from(`cursor:${index}`).toString('base64');
function decodeCursor(cursor: unknown): number {
  const text = Buffer.from(String(cursor), 'base64').toString('utf8');
  const m = /^cursor:(\d+)$/.exec(text);
  if (!m) throw new GqlValidationError(`Invalid cursor for request. Cursor: ${String(cursor)}`, 'BAD_REQUEST');
  return Number(m[1]);
}

/**
 * Runs a parsed selection over the fake's objects as Shopify would: only the fields asked for, an
 * unknown field refused, lists cut to `first`, connections paged by cursor with `pageInfo`, inline
 * fragments by type. In bulk mode (a bulk operation's file) nested connections are not put inline
 * but become rows of their own naming their parent with `__parentId`, each right after its parent.
 */
export class GqlExecutor {
  private readonly parents: string[] = [];
  /** How deep in plain lists the field being read is (bulk queries refuse connections there). */
  private inList = 0;
  private bulkRows: FakeObject[] | null = null;

  constructor(private readonly variables: Record<string, unknown>) {}

  object(obj: FakeObject, selections: GqlSelection[]): FakeObject {
    const out: FakeObject = {};
    const hasId = typeof obj.id === 'string';
    if (hasId) this.parents.push(obj.id as string);
    try {
      for (const selection of selections) {
        if (selection.kind === 'inline') {
          if (!selection.typeCondition || selection.typeCondition === obj.__typename)
            Object.assign(out, this.object(obj, selection.selections));
          continue;
        }
        const key = selection.alias ?? selection.name;
        if (selection.name === '__typename') {
          out[key] = obj.__typename ?? null;
          continue;
        }
        if (!(selection.name in obj))
          throw new GqlValidationError(
            `Field '${selection.name}' doesn't exist on type '${obj.__typename ?? 'Object'}'`,
            'undefinedField',
          );
        const args = argumentsOf(selection, this.variables);
        let value = obj[selection.name];
        if (typeof value === 'function') {
          const directives = Object.fromEntries(
            Object.entries(selection.directives).map(([name, dArgs]) => [
              name,
              argumentsOf({ ...selection, args: dArgs }, this.variables),
            ]),
          );
          value = (value as FieldFunction)(args, selection, directives);
        }
        if (this.bulkRows && this.inList > 0 && isConnection(selection.selections))
          throw new GqlValidationError(
            'Queries that contain a connection field within a list field are not currently supported.',
            'INVALID',
          );
        if (this.bulkRows && Array.isArray(value) && isConnection(selection.selections)) {
          this.bulkChildren(value as FakeObject[], selection.selections ?? []);
          continue;
        }
        out[key] = this.value(value, selection, args);
      }
    } finally {
      if (hasId) this.parents.pop();
    }
    return out;
  }

  private value(value: unknown, field: GqlField, args: Record<string, unknown>): unknown {
    if (value === null || value === undefined) return null;
    if (field.selections === null) {
      if (typeof value === 'object' && !Array.isArray(value))
        throw new GqlValidationError(`Field '${field.name}' must have selections`, 'selectionMismatch');
      return value;
    }
    if (Array.isArray(value)) {
      if (isConnection(field.selections)) return this.connection(value as FakeObject[], field, args);
      const first = typeof args.first === 'number' ? args.first : value.length;
      this.inList++;
      try {
        return (value as FakeObject[]).slice(0, first).map((v) => this.object(v, field.selections ?? []));
      } finally {
        this.inList--;
      }
    }
    return this.object(value as FakeObject, field.selections);
  }

  private connection(items: FakeObject[], field: GqlField, args: Record<string, unknown>): FakeObject {
    const first = args.first ?? args.last;
    if (typeof first !== 'number') throw new GqlValidationError('you must provide one of first or last', 'argumentRequired');
    if (first > 250) throw new GqlValidationError(`The first argument of ${field.name} cannot exceed 250`, 'argumentOutOfRange');
    const ordered = args.reverse === true ? [...items].reverse() : items;
    const start = args.after ? decodeCursor(args.after) + 1 : 0;
    const page = ordered.slice(start, start + first);
    const conn: FakeObject = {
      __typename: 'Connection',
      nodes: page,
      edges: page.map((node, i) => ({ __typename: 'Edge', cursor: encodeCursor(start + i), node })),
      pageInfo: {
        __typename: 'PageInfo',
        hasNextPage: start + first < ordered.length,
        hasPreviousPage: start > 0,
        startCursor: page.length ? encodeCursor(start) : null,
        endCursor: page.length ? encodeCursor(start + page.length - 1) : null,
      },
    };
    return this.object(conn, field.selections ?? []);
  }

  /** The rows of a bulk operation's file for a root connection: each object, then its nested rows. */
  bulk(items: FakeObject[], selections: GqlSelection[]): FakeObject[] {
    this.bulkRows = [];
    this.bulkChildren(items, selections, true);
    const rows = this.bulkRows;
    this.bulkRows = null;
    return rows;
  }

  private bulkChildren(items: FakeObject[], selections: GqlSelection[], root = false): void {
    const rows = this.bulkRows;
    if (!rows) return;
    const parentId = this.parents[this.parents.length - 1];
    for (const item of items) {
      const at = rows.length;
      rows.push({});
      const row = this.object(item, nodeSelections(selections));
      rows[at] = root || !parentId ? row : { ...row, __parentId: parentId };
    }
  }
}

/**
 * Shopify's requested cost of a selection: 1 per object, 2 plus `first` times a node's cost per
 * connection. A plain list asked with `first` (an order's fulfilments) is counted as `first`
 * objects: Shopify does not say how it counts those, and the higher reading keeps the adapter's
 * queries under the limit under both.
 */
export function queryCost(selections: GqlSelection[], variables: Record<string, unknown>): number {
  let cost = 0;
  for (const field of fieldsOf(selections)) {
    if (!field.selections) continue;
    const args = argumentsOf(field, variables);
    const first = Number(args.first ?? args.last ?? 1);
    if (isConnection(field.selections)) {
      cost += 2 + first * Math.max(1, queryCost(nodeSelections(field.selections), variables));
    } else {
      cost += first * (1 + queryCost(field.selections, variables));
    }
  }
  return cost;
}
