import { useEffect, useState } from 'preact/hooks';
import { api, errorMessage, type PaymentView } from '../api/client';
import { followStatusChanges } from '../api/events';
import { useI18n } from '../i18n/i18n';
import {
  BREAK_STATUSES, MATCHING_FIELDS, type MatchingField, type PaymentStatus, REASON_CODES, type ReasonCode, formatHours, orgName,
} from '../ui/format';
import { href } from '../ui/route';
import { useSession } from '../ui/session';

interface Filters {
  corridor: string;
  counterparty: string;
  settlementDate: string;
  statuses: PaymentStatus[];
  reason: ReasonCode | '';
  field: MatchingField | '';
  minAgeHours: string;
}

const NO_FILTERS: Filters = { corridor: '', counterparty: '', settlementDate: '', statuses: [], reason: '', field: '', minAgeHours: '' };
const DEFAULT_SLA_HOURS = 4;

/**
 * The queue of breaks (pending, discrepant, unmatched) this org sees, with the API's filters (the reason is a code of
 * the ledger's decision), the break's age against the team's SLA, and live updates: every status change on the
 * instance's event stream reloads the queue and marks the payments it touched. The corridors and banks offered are
 * those of the pairs the instance's org sees, from /whoami. The differing-field filter narrows the loaded pages.
 */
export function Breaks() {
  const { t } = useI18n();
  const who = useSession();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [slaHours, setSlaHours] = useState(DEFAULT_SLA_HOURS);
  const [items, setItems] = useState<PaymentView[] | undefined>(undefined);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState(false);
  const [touched, setTouched] = useState<Set<string>>(new Set());

  const load = async (after?: string): Promise<void> => {
    const { data, error: refusal, response } = await api.GET('/breaks', {
      params: {
        query: {
          ...(filters.corridor ? { corridor: filters.corridor as 'SZ->HK' } : {}),
          ...(filters.counterparty ? { counterparty: filters.counterparty as 'HKBankMSP' } : {}),
          ...(filters.settlementDate ? { settlementDate: filters.settlementDate } : {}),
          ...(filters.statuses.length > 0 ? { status: filters.statuses.join(',') } : {}),
          ...(filters.reason ? { reason: filters.reason } : {}),
          ...(filters.minAgeHours ? { minBreakAgeHours: filters.minAgeHours } : {}),
          ...(after ? { cursor: after } : {}),
          limit: '100',
        },
      },
    });
    if (data === undefined) { setError(errorMessage(refusal, response)); return; }
    setError(null);
    setItems((previous) => (after ? [...(previous ?? []), ...data.items] : data.items));
    setCursor(data.nextCursor);
  };

  useEffect(() => { void load(); }, [filters]);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = followStatusChanges((change) => {
      setTouched((previous) => new Set(previous).add(change.uetr));
      clearTimeout(timer);
      timer = setTimeout(() => void load(), 300);
    }, setLive);
    return () => { stop(); clearTimeout(timer); };
  }, [filters]);

  const shown = (items ?? []).filter((item) => filters.field === '' || (item.differingFields as string[]).includes(filters.field));
  const counterpartyOf = (item: PaymentView): string => (item.debtorAgentOrg === who.mspId ? item.creditorAgentOrg : item.debtorAgentOrg);
  const set = <K extends keyof Filters>(name: K, value: Filters[K]) => setDraft({ ...draft, [name]: value });
  const toggleStatus = (status: PaymentStatus) => set('statuses', draft.statuses.includes(status)
    ? draft.statuses.filter((other) => other !== status) : [...draft.statuses, status]);

  return (
    <section>
      <div class="heading">
        <h1>{t('breaks.title')}</h1>
        <span class={live ? 'live on' : 'live'} role="status" data-testid="live">{t(live ? 'live.on' : 'live.off')}</span>
      </div>
      <form class="filters" aria-label={t('filters')} onSubmit={(event) => { event.preventDefault(); setFilters(draft); }}>
        <label>{t('field.corridor')}
          <select value={draft.corridor} onChange={(event) => set('corridor', (event.currentTarget as HTMLSelectElement).value)}>
            <option value="">{t('any')}</option>
            {who.corridors.map((corridor) => <option key={corridor} value={corridor}>{corridor}</option>)}
          </select>
        </label>
        <label>{t(who.kind === 'bank' ? 'field.counterparty' : 'field.bank')}
          <select value={draft.counterparty} onChange={(event) => set('counterparty', (event.currentTarget as HTMLSelectElement).value)}>
            <option value="">{t('any')}</option>
            {who.counterparties.map((org) => <option key={org} value={org}>{orgName(org)}</option>)}
          </select>
        </label>
        <label>{t('field.settlementDate')}
          <input type="date" value={draft.settlementDate} onInput={(event) => set('settlementDate', (event.currentTarget as HTMLInputElement).value)} />
        </label>
        <fieldset>
          <legend>{t('field.status')}</legend>
          {BREAK_STATUSES.map((status) => (
            <label key={status} class="check">
              <input type="checkbox" checked={draft.statuses.includes(status)} onChange={() => toggleStatus(status)} />{t(`status.${status}`)}
            </label>
          ))}
        </fieldset>
        <label>{t('field.reason')}
          <select value={draft.reason} onChange={(event) => set('reason', (event.currentTarget as HTMLSelectElement).value as ReasonCode | '')}>
            <option value="">{t('any')}</option>
            {REASON_CODES.map((code) => <option key={code} value={code}>{t(`reason.${code}`)}</option>)}
          </select>
        </label>
        <label>{t('field.differingField')}
          <select value={draft.field} onChange={(event) => set('field', (event.currentTarget as HTMLSelectElement).value as MatchingField | '')}>
            <option value="">{t('any')}</option>
            {MATCHING_FIELDS.map((field) => <option key={field} value={field}>{field}</option>)}
          </select>
        </label>
        <label>{t('field.minAge')}
          <input type="number" min="0" step="0.5" inputMode="decimal" value={draft.minAgeHours}
            onInput={(event) => set('minAgeHours', (event.currentTarget as HTMLInputElement).value)} />
        </label>
        <label>{t('field.sla')}
          <input type="number" min="0.5" step="0.5" value={slaHours} onInput={(event) => setSlaHours(Number((event.currentTarget as HTMLInputElement).value) || DEFAULT_SLA_HOURS)} />
        </label>
        <div class="buttons">
          <button type="submit">{t('apply')}</button>
          <button type="button" class="secondary" onClick={() => { setDraft(NO_FILTERS); setFilters(NO_FILTERS); }}>{t('reset')}</button>
        </div>
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      {items === undefined ? <p>{t('loading')}</p> : (
        <>
          <p class="count">{t('breaks.count', { n: shown.length })}</p>
          {shown.length === 0 ? <p>{t('breaks.empty')}</p> : (
            <div class="table-wrap">
              <table data-testid="breaks">
                <thead>
                  <tr>
                    <th scope="col">{t('field.uetr')}</th><th scope="col">{t('field.corridor')}</th>
                    <th scope="col">{who.kind === 'bank' ? t('field.counterparty') : `${t('field.debtorAgent')} → ${t('field.creditorAgent')}`}</th>
                    <th scope="col">{t('field.settlementDate')}</th><th scope="col">{t('field.status')}</th>
                    <th scope="col">{t('field.differing')}</th><th scope="col">{t('field.reasons')}</th><th scope="col">{t('field.age')}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((item) => {
                    const over = item.breakAgeHours !== null && item.breakAgeHours > slaHours;
                    return (
                      <tr key={item.uetr} class={touched.has(item.uetr) ? 'touched' : undefined} data-uetr={item.uetr}>
                        <td><a class="mono" href={href('payments', item.uetr)}>{item.uetr}</a></td>
                        <td>{item.corridor}</td>
                        <td>{who.kind === 'bank' ? orgName(counterpartyOf(item)) : `${orgName(item.debtorAgentOrg)} → ${orgName(item.creditorAgentOrg)}`}</td>
                        <td>{item.settlementDate}</td>
                        <td><span class={`status ${item.status}`}>{t(`status.${item.status}`)}</span></td>
                        <td>{item.differingFields.join(', ') || '–'}</td>
                        <td data-testid="reasons">{[...new Set(item.reasons.map((reason) => reason.code))].map((code) => t(`reason.${code}`)).join(', ') || '–'}</td>
                        <td>
                          <span class="age">
                            <meter min={0} max={slaHours * 2} low={slaHours * 0.75} high={slaHours} optimum={0} value={Math.min(item.breakAgeHours ?? 0, slaHours * 2)}
                              aria-label={`${t('field.age')} ${formatHours(item.breakAgeHours)}`} />
                            {formatHours(item.breakAgeHours)} <span class={over ? 'sla over' : 'sla'}>{t(over ? 'breaks.overSla' : 'breaks.withinSla')}</span>
                          </span>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          {cursor && <button type="button" class="secondary" onClick={() => void load(cursor)}>{t('more')}</button>}
        </>
      )}
    </section>
  );
}
