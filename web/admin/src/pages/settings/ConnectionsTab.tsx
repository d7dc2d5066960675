import { texts, useT } from '../../i18n.js';

const T = texts({
  en: { intro: 'Shop platforms and marketplaces connected to Retour.' },
  nl: { intro: 'Winkelplatforms en marktplaatsen die aan Retour gekoppeld zijn.' },
});

/** Shop platforms and marketplaces: keys, checks, webhook URLs, what syncs and how the sync went. */
export function ConnectionsTab(_props: { connectionId: string | null }) {
  const t = useT(T);
  return <p>{t.intro}</p>;
}
