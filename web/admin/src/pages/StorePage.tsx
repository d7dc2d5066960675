import { texts, useT } from '../i18n.js';

const T = texts({ en: { title: 'Store counter' }, nl: { title: 'Winkelbalie' } });

/** The store counter on a tablet: find an online order, take items back, grade, refund, receipt. */
export function StorePage(_props: { sub: string | null }) {
  const t = useT(T);
  return <h1>{t.title}</h1>;
}
