/**
 * A small reader of GraphQL documents for the fake Shopify: operations with variables, fields
 * with aliases, arguments and directives, inline fragments (`... on Type`), and every literal
 * kind. Named fragments and subscriptions are refused, as the adapter sends neither; a document
 * the reader cannot read fails as Shopify's parse error would.
 */

export type GqlValue =
  | { kind: 'variable'; name: string }
  | { kind: 'literal'; value: unknown }
  | { kind: 'list'; items: GqlValue[] }
  | { kind: 'object'; fields: Record<string, GqlValue> };

export interface GqlField {
  kind: 'field';
  name: string;
  alias: string | null;
  args: Record<string, GqlValue>;
  directives: Record<string, Record<string, GqlValue>>;
  selections: GqlSelection[] | null;
}

export interface GqlInlineFragment {
  kind: 'inline';
  typeCondition: string | null;
  selections: GqlSelection[];
}

export type GqlSelection = GqlField | GqlInlineFragment;

export interface GqlOperation {
  type: 'query' | 'mutation';
  name: string | null;
  variables: { name: string; type: string; required: boolean; defaultValue: GqlValue | null }[];
  selections: GqlSelection[];
}

export class GqlSyntaxError extends Error {}

const TOKEN =
  /\s*(?:#[^\n]*\n?\s*)*(\.\.\.|[{}()[\]:!$@=,|&]|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|"(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_]*)/y;

function tokenize(source: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < source.length) {
    if (/^\s*(#[^\n]*\s*)*$/.test(source.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(source);
    if (!m?.[1]) throw new GqlSyntaxError(`Parse error near "${source.slice(at, at + 20).trim()}"`);
    if (m[1] !== ',') tokens.push(m[1]);
    at = TOKEN.lastIndex;
  }
  return tokens;
}

class Reader {
  private at = 0;
  constructor(private readonly tokens: string[]) {}

  peek(offset = 0): string | undefined {
    return this.tokens[this.at + offset];
  }

  next(): string {
    const token = this.tokens[this.at++];
    if (token === undefined) throw new GqlSyntaxError('Parse error: unexpected end of document');
    return token;
  }

  expect(token: string): void {
    const got = this.next();
    if (got !== token) throw new GqlSyntaxError(`Parse error: expected "${token}", got "${got}"`);
  }

  name(): string {
    const got = this.next();
    if (!/^[A-Za-z_]/.test(got)) throw new GqlSyntaxError(`Parse error: expected a name, got "${got}"`);
    return got;
  }

  /** Takes the token when it is next. */
  accept(token: string): boolean {
    if (this.peek() !== token) return false;
    this.at++;
    return true;
  }

  done(): boolean {
    return this.at >= this.tokens.length;
  }
}

/** Reads the document's one operation (the adapter sends one per request). */
export function parseOperation(source: string): GqlOperation {
  const r = new Reader(tokenize(source));
  let type: GqlOperation['type'] = 'query';
  let name: string | null = null;
  const variables: GqlOperation['variables'] = [];
  if (r.peek() !== '{') {
    const keyword = r.name();
    if (keyword !== 'query' && keyword !== 'mutation') throw new GqlSyntaxError(`Parse error: "${keyword}" is not supported`);
    type = keyword;
    if (r.peek() !== '(' && r.peek() !== '{' && r.peek() !== '@') name = r.name();
    if (r.peek() === '(') {
      r.next();
      while (r.peek() !== ')') {
        r.expect('$');
        const varName = r.name();
        r.expect(':');
        const varType = readType(r);
        const defaultValue = r.accept('=') ? readValue(r) : null;
        variables.push({ name: varName, type: varType, required: varType.endsWith('!'), defaultValue });
      }
      r.next();
    }
    readDirectives(r);
  }
  const selections = readSelections(r);
  if (!r.done()) throw new GqlSyntaxError('Parse error: only one operation per document');
  return { type, name, variables, selections };
}

function readType(r: Reader): string {
  let type: string;
  if (r.peek() === '[') {
    r.next();
    type = `[${readType(r)}]`;
    r.expect(']');
  } else {
    type = r.name();
  }
  if (r.peek() === '!') {
    r.next();
    type += '!';
  }
  return type;
}

function readSelections(r: Reader): GqlSelection[] {
  r.expect('{');
  const selections: GqlSelection[] = [];
  while (r.peek() !== '}') {
    if (r.peek() === '...') {
      r.next();
      if (r.peek() !== 'on' && r.peek() !== '{') throw new GqlSyntaxError('Parse error: named fragments are not supported');
      const typeCondition = r.accept('on') ? r.name() : null;
      selections.push({ kind: 'inline', typeCondition, selections: readSelections(r) });
      continue;
    }
    let name = r.name();
    let alias: string | null = null;
    if (r.peek() === ':') {
      r.next();
      alias = name;
      name = r.name();
    }
    const args = r.peek() === '(' ? readArguments(r) : {};
    const directives = readDirectives(r);
    const nested = r.peek() === '{' ? readSelections(r) : null;
    selections.push({ kind: 'field', name, alias, args, directives, selections: nested });
  }
  r.next();
  if (selections.length === 0) throw new GqlSyntaxError('Parse error: empty selection');
  return selections;
}

function readArguments(r: Reader): Record<string, GqlValue> {
  r.expect('(');
  const args: Record<string, GqlValue> = {};
  while (r.peek() !== ')') {
    const name = r.name();
    r.expect(':');
    args[name] = readValue(r);
  }
  r.next();
  return args;
}

function readDirectives(r: Reader): Record<string, Record<string, GqlValue>> {
  const directives: Record<string, Record<string, GqlValue>> = {};
  while (r.peek() === '@') {
    r.next();
    const name = r.name();
    directives[name] = r.peek() === '(' ? readArguments(r) : {};
  }
  return directives;
}

function readValue(r: Reader): GqlValue {
  const token = r.next();
  if (token === '$') return { kind: 'variable', name: r.name() };
  if (token === '[') {
    const items: GqlValue[] = [];
    while (r.peek() !== ']') items.push(readValue(r));
    r.next();
    return { kind: 'list', items };
  }
  if (token === '{') {
    const fields: Record<string, GqlValue> = {};
    while (r.peek() !== '}') {
      const name = r.name();
      r.expect(':');
      fields[name] = readValue(r);
    }
    r.next();
    return { kind: 'object', fields };
  }
  if (token.startsWith('"')) return { kind: 'literal', value: JSON.parse(token) };
  if (/^-?\d/.test(token)) return { kind: 'literal', value: Number(token) };
  if (token === 'true' || token === 'false') return { kind: 'literal', value: token === 'true' };
  if (token === 'null') return { kind: 'literal', value: null };
  if (/^[A-Za-z_]/.test(token)) return { kind: 'literal', value: token };
  throw new GqlSyntaxError(`Parse error: unexpected "${token}"`);
}

/** A value with its variables filled in. */
export function valueWith(value: GqlValue, variables: Record<string, unknown>): unknown {
  switch (value.kind) {
    case 'variable':
      return variables[value.name] ?? null;
    case 'literal':
      return value.value;
    case 'list':
      return value.items.map((item) => valueWith(item, variables));
    case 'object':
      return Object.fromEntries(Object.entries(value.fields).map(([k, v]) => [k, valueWith(v, variables)]));
  }
}

/** The field's arguments with variables filled in. */
export function argumentsOf(field: GqlField, variables: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(field.args).map(([k, v]) => [k, valueWith(v, variables)]));
}
