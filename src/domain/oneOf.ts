/** Whether a value from outside the types (a form, a query string, a raw column) is one of a
 * group of statuses, narrowing it to the group's type when it is. */
export const isOneOf = <T extends string>(group: readonly T[], value: string | null | undefined): value is T =>
  value != null && (group as readonly string[]).includes(value);
