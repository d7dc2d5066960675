import type { StaffLang } from '../staffNotifications.js';
import { escapeHtml, safeUrl } from './html.js';
import type { RenderedEmail } from './renderShopperEmail.js';

const TEXTS: Record<StaffLang, { open: string; why: string }> = {
  en: {
    open: 'Open in the back office',
    why: 'You receive this because you asked for notifications by e-mail in the back office of {shop}.',
  },
  nl: {
    open: 'Openen in de backoffice',
    why: 'Je krijgt dit omdat je in de backoffice van {shop} meldingen per e-mail hebt aangezet.',
  },
};

/** A notification for staff by e-mail: its one line, and the link to act on it. */
export function renderStaffEmail(lang: StaffLang, input: { title: string; url: string | null; shop: string }): RenderedEmail {
  const t = TEXTS[lang];
  const url = safeUrl(input.url);
  const why = t.why.replace('{shop}', input.shop);
  const subject = `[${input.shop}] ${input.title}`;
  const text = [input.title, '', ...(url ? [`${t.open}: ${url}`, ''] : []), '--', why].join('\n');
  const e = escapeHtml;
  const html = `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><title>${e(subject)}</title></head>
<body style="margin:0;padding:24px;font-family:Arial,Helvetica,sans-serif;color:#1b1f23">
<p style="font-size:16px;line-height:1.5;margin:0 0 16px">${e(input.title)}</p>
${url ? `<p style="margin:0 0 24px"><a href="${e(url)}" style="color:#1d4e5f;font-weight:bold">${e(t.open)}</a></p>` : ''}
<p style="font-size:13px;color:#4b5563;margin:0">${e(why)}</p>
</body>
</html>
`;
  return { subject, html, text };
}
