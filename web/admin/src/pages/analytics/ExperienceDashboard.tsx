import { dateTime, texts, useT } from '../../i18n.js';
import { linkProps } from '../../router.js';
import { Empty } from '../../ui/States.js';
import { TableCard } from '../../ui/TableCard.js';
import { csvHref, useReport } from './analyticsData.js';
import { useFormat } from './analyticsFormat.js';
import { ANALYTICS_TEXTS } from './analyticsTexts.js';
import type { ExperienceReport } from './analyticsWire.js';
import { Chart } from './Chart.js';
import { ChartCard, KeyFigures } from './ChartCard.js';
import { ReportLoaded } from './ReportLoaded.js';
import { TrendCard } from './TrendCard.js';
import { useView } from './view.js';

const T = texts({
  en: {
    ratings: 'Ratings of the returns experience',
    rating: 'Rating',
    stars: '{n} of 5',
    count: 'Ratings',
    average: 'Average',
    trend: 'Ratings over time',
    comments: 'What shoppers wrote',
    number: 'Return',
    comment: 'Comment',
    when: 'When',
    repurchase: 'Bought again after a return',
    customers: 'Customers who returned',
    within30: 'Within 30 days',
    within90: 'Within 90 days',
    value: 'Customer value after returns',
    gross: 'Paid',
    returned: 'Returned',
    net: 'Net',
    perCustomer: 'Net per customer',
  },
  nl: {
    ratings: 'Beoordelingen van het retourneren',
    rating: 'Beoordeling',
    stars: '{n} van 5',
    count: 'Beoordelingen',
    average: 'Gemiddelde',
    trend: 'Beoordelingen door de tijd',
    comments: 'Wat klanten schreven',
    number: 'Retour',
    comment: 'Opmerking',
    when: 'Wanneer',
    repurchase: 'Opnieuw gekocht na een retour',
    customers: 'Klanten die retourneerden',
    within30: 'Binnen 30 dagen',
    within90: 'Binnen 90 dagen',
    value: 'Klantwaarde na retouren',
    gross: 'Betaald',
    returned: 'Geretourneerd',
    net: 'Netto',
    perCustomer: 'Netto per klant',
  },
});

/** Shopper experience: ratings and comments, buying again after a return, and customer value net of returns. */
export function ExperienceDashboard() {
  const t = useT(T);
  const fmt = useFormat();
  const { filters } = useView();
  const state = useReport<ExperienceReport>('experience', filters);
  return (
    <ReportLoaded state={state}>
      {(r) => {
        const money = (v: number | null) => fmt.money(v, r.currency);
        return (
          <>
            <Ratings report={r} />
            <TrendCard
              title={t.trend}
              definitions={[]}
              interval={r.interval}
              rows={r.trend}
              axis={[fmt.count, fmt.decimal]}
              drill={false}
              columns={[
                { name: t.count, value: (p) => p.ratings, format: fmt.count },
                { name: t.average, value: (p) => p.average, format: fmt.decimal, kind: 'line', axis: 1 },
              ]}
            />
            <Comments report={r} />
            <ChartCard title={t.repurchase} definitions={['experience.repurchase']}>
              <KeyFigures
                figures={[
                  [t.customers, fmt.count(r.repurchase.customers)],
                  [t.within30, `${fmt.count(r.repurchase.within30)} (${fmt.share(r.repurchase.share30)})`],
                  [t.within90, `${fmt.count(r.repurchase.within90)} (${fmt.share(r.repurchase.share90)})`],
                ]}
              />
            </ChartCard>
            <ChartCard title={t.value} definitions={['experience.customerValue']}>
              <KeyFigures
                figures={[
                  [t.customers, fmt.count(r.customerValue.customers)],
                  [t.gross, money(r.customerValue.grossAmount)],
                  [t.returned, money(r.customerValue.returnedAmount)],
                  [t.net, money(r.customerValue.netAmount)],
                  [t.perCustomer, money(r.customerValue.netPerCustomer)],
                ]}
              />
            </ChartCard>
          </>
        );
      }}
    </ReportLoaded>
  );
}

function Ratings({ report: r }: { report: ExperienceReport }) {
  const t = useT(T);
  const fmt = useFormat();
  const { filters } = useView();
  const stars = (n: number) => t.stars.replace('{n}', String(n));
  return (
    <ChartCard
      title={t.ratings}
      csv={csvHref('experience', filters)}
      definitions={['experience.ratings']}
      chart={
        <Chart
          title={t.ratings}
          spec={{
            categories: r.ratings.distribution.map((d) => stars(d.rating)),
            series: [{ name: t.count, values: r.ratings.distribution.map((d) => d.count) }],
            format: [fmt.count],
          }}
        />
      }
    >
      <KeyFigures
        figures={[
          [t.count, fmt.count(r.ratings.count)],
          [t.average, fmt.decimal(r.ratings.average)],
        ]}
      />
      <TableCard headers={[t.rating, t.count]}>
        {r.ratings.distribution.map((d) => (
          <tr key={d.rating}>
            <td>{stars(d.rating)}</td>
            <td className="num">{fmt.count(d.count)}</td>
          </tr>
        ))}
      </TableCard>
    </ChartCard>
  );
}

function Comments({ report: r }: { report: ExperienceReport }) {
  const t = useT(T);
  const a = useT(ANALYTICS_TEXTS);
  const fmt = useFormat();
  return (
    <ChartCard title={t.comments} definitions={[]}>
      {r.comments.length === 0 ? (
        <Empty>{a.empty}</Empty>
      ) : (
        <TableCard headers={[t.number, t.rating, t.comment, t.when]}>
          {r.comments.map((c) => (
            <tr key={`${c.returnId}-${c.createdAt}`}>
              <td>
                <a className="number" {...linkProps(`/returns/${c.returnId}`)}>
                  {c.number}
                </a>
              </td>
              <td>{t.stars.replace('{n}', String(c.rating))}</td>
              <td>{c.comment}</td>
              <td>{dateTime(c.createdAt, fmt.lang)}</td>
            </tr>
          ))}
        </TableCard>
      )}
    </ChartCard>
  );
}
