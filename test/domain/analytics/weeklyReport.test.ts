import { describe, expect, it } from 'vitest';
import { dueReportWeek } from '../../../src/domain/analytics/reportWeek.js';
import { renderWeeklyReportEmail, type WeeklyReportModel } from '../../../src/domain/email/weeklyReportEmail.js';

const AMSTERDAM = 'Europe/Amsterdam';
const monday8 = { weekday: 1, hour: 8 };

describe('the week a weekly report covers', () => {
  it('is due from the send moment in the shop time zone: the last whole week and the one before it', () => {
    // Monday 2026-06-15 07:59 in Amsterdam (UTC+2) is before 08:00; 08:00 is the moment.
    expect(dueReportWeek(new Date('2026-06-15T05:59:00Z'), AMSTERDAM, monday8)).toBeNull();
    expect(dueReportWeek(new Date('2026-06-15T06:00:00Z'), AMSTERDAM, monday8)).toEqual({
      from: '2026-06-08',
      to: '2026-06-14',
      previous: { from: '2026-06-01', to: '2026-06-07' },
    });
    // Later in the same week (the server was down on Monday) it is the same week.
    expect(dueReportWeek(new Date('2026-06-20T12:00:00Z'), AMSTERDAM, monday8)?.from).toBe('2026-06-08');
  });

  it('counts the weekday from Monday, and a Sunday evening in UTC may already be Monday in the shop', () => {
    expect(dueReportWeek(new Date('2026-06-17T10:00:00Z'), AMSTERDAM, { weekday: 3, hour: 13 })).toBeNull();
    expect(dueReportWeek(new Date('2026-06-17T11:00:00Z'), AMSTERDAM, { weekday: 3, hour: 13 })?.from).toBe('2026-06-08');
    // 2026-06-14 22:30 UTC is Monday 00:30 in Amsterdam.
    expect(dueReportWeek(new Date('2026-06-14T22:30:00Z'), AMSTERDAM, { weekday: 1, hour: 0 })?.to).toBe('2026-06-14');
  });
});

const model: WeeklyReportModel = {
  shop: 'Fietsen & Co',
  currency: 'EUR',
  week: { from: '2026-06-08', to: '2026-06-14' },
  previous: { from: '2026-06-01', to: '2026-06-07' },
  figures: {
    returns: { current: 12, previous: 9 },
    units: { current: 15, previous: 10 },
    returnRate: { current: 0.125, previous: null },
    refunded: { current: 123_450, previous: 99_000 },
    netLoss: { current: 20_000, previous: 18_000 },
    requestToRefundHours: { current: 72, previous: 30 },
  },
  problemProducts: [{ title: 'Rain <jacket>', rate: 0.4, categoryRate: 0.1, reason: 'Runs small' }],
  overdue: [{ number: 'R-10001', refundBy: '2026-06-10T09:00:00.000Z' }],
  overdueTotal: 3,
  adminUrl: 'https://returns.fiets.test/admin',
};

describe('the weekly report e-mail', () => {
  it('says the figures beside the week before, in English', () => {
    const mail = renderWeeklyReportEmail('en', model);
    expect(mail.subject).toBe('[Fietsen & Co] Returns in the week of 8 June 2026 to 14 June 2026');
    expect(mail.text).toContain('Returns requested: 12 (week before: 9)');
    expect(mail.text).toContain('Return rate (units ordered in the week): 12.5% (week before: —)');
    expect(mail.text).toContain('Refunded: €1,234.50 (week before: €990.00)');
    expect(mail.text).toContain('Request to refund, median: 3 days (week before: 30 h)');
    expect(mail.text).toContain('Rain <jacket>: 40% returned, its category 10% (Runs small)');
    expect(mail.text).toContain('Refunds past the 14-day deadline, still unpaid: 3');
    expect(mail.text).toContain('R-10001 — due 10 June 2026');
    expect(mail.text).toContain('and 2 more');
    expect(mail.text).toContain('https://returns.fiets.test/admin/analytics');
    expect(mail.html).toContain('Rain &#60;jacket&#62;');
    expect(mail.html).not.toContain('<jacket>');
  });

  it('is written in Dutch for a Dutch reader, and says when nothing is wrong', () => {
    const mail = renderWeeklyReportEmail('nl', { ...model, problemProducts: [], overdue: [], overdueTotal: 0 });
    expect(mail.subject).toBe('[Fietsen & Co] Retouren in de week van 8 juni 2026 tot 14 juni 2026');
    expect(mail.text).toContain('Aangevraagde retouren: 12 (week ervoor: 9)');
    expect(mail.text.replace(/\u00a0/g, ' ')).toContain('Terugbetaald: € 1.234,50');
    expect(mail.text).toContain('Geen product komt significant vaker terug dan zijn categorie.');
    expect(mail.text).toContain('Geen terugbetaling is te laat.');
  });
});
