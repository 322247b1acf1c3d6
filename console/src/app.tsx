import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, apiKey, type WhoAmI } from './api/client';
import { I18n, LANGUAGES, type Language, preferredLanguage, rememberLanguage, translator } from './i18n/i18n';
import { href, useRoute } from './ui/route';
import { Session } from './ui/session';
import { Breaks } from './views/breaks';
import { Corridors } from './views/corridors';
import { Documents } from './views/documents';
import { Payment } from './views/payment';
import { Report } from './views/report';
import { SignIn } from './views/sign-in';
import { Submissions } from './views/submissions';
import type { MessageKey } from './i18n/en';

type ViewName = 'breaks' | 'payments' | 'submissions' | 'documents' | 'corridors' | 'report';

/** The views a kind of instance offers, in menu order: a regulator's has no submissions, a bank's no reports. */
const VIEWS: Record<WhoAmI['kind'], { view: ViewName; label: MessageKey }[]> = {
  bank: [
    { view: 'breaks', label: 'nav.breaks' }, { view: 'payments', label: 'nav.payment' },
    { view: 'submissions', label: 'nav.submissions' }, { view: 'documents', label: 'nav.documents' },
  ],
  regulator: [
    { view: 'corridors', label: 'nav.corridors' }, { view: 'breaks', label: 'nav.breaks' },
    { view: 'payments', label: 'nav.payment' }, { view: 'report', label: 'nav.report' }, { view: 'documents', label: 'nav.documents' },
  ],
};

export function App() {
  const [language, setLanguage] = useState<Language>(preferredLanguage);
  const [who, setWho] = useState<WhoAmI | null | undefined>(undefined);
  const route = useRoute();
  const i18n = useMemo(() => ({ t: translator(language), language }), [language]);
  const { t } = i18n;

  useEffect(() => rememberLanguage(language), [language]);
  useEffect(() => {
    if (apiKey.get() === null) { setWho(null); return; }
    void api.GET('/whoami').then(({ data }) => {
      if (data === undefined) apiKey.clear();
      setWho(data ?? null);
    });
  }, []);
  useEffect(() => { document.title = t('app.title'); }, [t]);

  const signOut = () => { apiKey.clear(); setWho(null); location.hash = ''; };
  const views = who ? VIEWS[who.kind] : [];
  const current = (views.find((entry) => entry.view === route.view) ?? views[0])?.view;

  return (
    <I18n.Provider value={i18n}>
      <a class="skip" href="#main">{t('app.skip')}</a>
      <header class="top">
        <span class="brand">{t('app.title')}</span>
        {who && (
          <span class="who" data-testid="who">
            <strong>{who.displayName}</strong> · {t(who.kind === 'bank' ? 'who.bank' : 'who.regulator')} ({t('who.regime', { regime: who.regime })}) · {t(who.role === 'submitter' ? 'who.role.submitter' : 'who.role.viewer')}
          </span>
        )}
        <label class="lang">
          <span>{t('lang.label')}</span>
          <select value={language} onChange={(event) => setLanguage((event.currentTarget as HTMLSelectElement).value as Language)}>
            {LANGUAGES.map((entry) => <option key={entry.tag} value={entry.tag} lang={entry.tag}>{entry.name}</option>)}
          </select>
        </label>
        {who && <button type="button" class="link" onClick={signOut}>{t('signout')}</button>}
      </header>
      {who && (
        <nav class="menu" aria-label={t('app.title')}>
          {views.map((entry) => (
            <a key={entry.view} href={href(entry.view)} aria-current={entry.view === current ? 'page' : undefined}>{t(entry.label)}</a>
          ))}
        </nav>
      )}
      <main id="main" tabIndex={-1}>
        {who === undefined && <p>{t('loading')}</p>}
        {who === null && <SignIn onSignedIn={setWho} />}
        {who && (
          <Session.Provider value={who}>
            {current === 'breaks' && <Breaks />}
            {current === 'payments' && <Payment uetr={route.arg} />}
            {current === 'submissions' && <Submissions id={route.arg} />}
            {current === 'documents' && <Documents />}
            {current === 'corridors' && <Corridors />}
            {current === 'report' && <Report />}
          </Session.Provider>
        )}
      </main>
    </I18n.Provider>
  );
}
