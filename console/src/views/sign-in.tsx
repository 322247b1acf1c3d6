import { useState } from 'preact/hooks';
import { api, apiKey, type WhoAmI } from '../api/client';
import { useI18n } from '../i18n/i18n';

/** Asks for an API key of this instance and keeps it for the tab once GET /whoami accepts it. */
export function SignIn({ onSignedIn }: { onSignedIn: (who: WhoAmI) => void }) {
  const { t } = useI18n();
  const [key, setKey] = useState('');
  const [refused, setRefused] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    apiKey.set(key.trim());
    const { data } = await api.GET('/whoami');
    if (data === undefined) {
      apiKey.clear();
      setRefused(true);
      return;
    }
    onSignedIn(data);
  };

  return (
    <section class="card narrow">
      <h1>{t('signin.title')}</h1>
      <p>{t('signin.intro')}</p>
      <form onSubmit={submit}>
        <label for="api-key">{t('signin.key')}</label>
        <input id="api-key" type="password" autocomplete="off" required value={key}
          onInput={(event) => setKey((event.currentTarget as HTMLInputElement).value)} />
        {refused && <p class="error" role="alert">{t('signin.refused')}</p>}
        <button type="submit">{t('signin.submit')}</button>
      </form>
    </section>
  );
}
