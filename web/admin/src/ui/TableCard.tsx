import type { ReactNode } from 'react';

/** A table in a card: one header per column and, where rows have a button of their own (edit),
 * a last column whose header only screen readers hear. The body's rows come as children. */
export function TableCard({
  headers,
  actions,
  children,
}: {
  headers: ReactNode[];
  actions?: string | null;
  children: ReactNode;
}) {
  return (
    <div className="card table-wrap">
      <table className="grid">
        <thead>
          <tr>
            {headers.map((header, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the columns are fixed; their order is their identity
              <th scope="col" key={i}>
                {header}
              </th>
            ))}
            {actions && (
              <th scope="col">
                <span className="sr-only">{actions}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
