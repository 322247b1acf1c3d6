import { useEffect, useState } from 'preact/hooks';
import { api, errorMessage, type Schemas } from '../api/client';
import { useI18n } from '../i18n/i18n';
import {
  MATCHING_FIELDS, type MatchingField, type ReasonCode, SIDES, type Side, formatTime, orgName, shortTx, showValue, withinTolerance,
} from '../ui/format';
import { href } from '../ui/route';
import { useSession } from '../ui/session';

type PaymentEvent = Schemas['PaymentEventView'];
type PaymentViewBody = Schemas['PaymentViewDto'];
type History = Schemas['PaymentHistoryDto'];
type PaymentRecord = Schemas['PaymentRecordDto'];
type SideDetails = Schemas['PaymentSideDto'];
type Differences = NonNullable<Schemas['PaymentDetailsDto']['differences']>;

const UETR = /^[a-f0-9]{8}-[a-f0-9]{4}-4[a-f0-9]{3}-[89ab][a-f0-9]{3}-[a-f0-9]{12}$/;

/** Opens a payment by UETR, or shows the one in the location. */
export function Payment({ uetr }: { uetr?: string }) {
  const { t } = useI18n();
  const [typed, setTyped] = useState(uetr ?? '');
  return (
    <section>
      <h1>{t('payment.title')}</h1>
      <form class="inline" onSubmit={(event) => { event.preventDefault(); location.hash = href('payments', typed.trim().toLowerCase()); }}>
        <label for="uetr">{t('payment.find')}</label>
        <input id="uetr" class="mono" size={40} pattern={UETR.source} required value={typed}
          onInput={(event) => setTyped((event.currentTarget as HTMLInputElement).value)} />
        <button type="submit">{t('open')}</button>
      </form>
      {uetr !== undefined && UETR.test(uetr) && <PaymentDetail key={uetr} uetr={uetr} />}
    </section>
  );
}

/**
 * One payment as this org may see it. The instance's projection decides first: a payment this org is no party to
 * is not in it, so nothing more is asked. A bank then reads the ledger's record with both sides' details; a
 * regulator of the pair's regimes reads the ledger's every committed version (field names and codes, never values).
 * Both see the decision of the pair's rules: a code per differing field and the rule set version it was taken under.
 */
function PaymentDetail({ uetr }: { uetr: string }) {
  const { t } = useI18n();
  const who = useSession();
  const [events, setEvents] = useState<PaymentEvent[] | null | undefined>(undefined);
  const [view, setView] = useState<PaymentViewBody | undefined>(undefined);
  const [history, setHistory] = useState<History | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  const load = async (): Promise<void> => {
    const projected = await api.GET('/payments/{uetr}/events', { params: { path: { uetr } } });
    if (projected.response.status === 404) { setEvents(null); return; }
    if (projected.data === undefined) { setError(errorMessage(projected.error, projected.response)); return; }
    setEvents(projected.data);
    const ledger = who.kind === 'bank'
      ? await api.GET('/payments/{uetr}', { params: { path: { uetr } } })
      : await api.GET('/regulator/payments/{uetr}/history', { params: { path: { uetr } } });
    if (ledger.data === undefined) { setError(errorMessage(ledger.error, ledger.response)); return; }
    setError(null);
    if (who.kind === 'bank') setView(ledger.data as PaymentViewBody);
    else setHistory(ledger.data as History);
  };
  useEffect(() => { void load(); }, [uetr]);

  if (events === undefined && error === null) return <p>{t('loading')}</p>;
  if (events === null) return <p class="notice" data-testid="not-found">{t('payment.notFound')}</p>;
  // The ledger's history lists the newest version first.
  const record: PaymentRecord | undefined = view?.payment ?? history?.versions.find((version) => version.record)?.record;
  return (
    <div class="payment" data-testid="payment">
      {error && <p class="error" role="alert">{error}</p>}
      {record && (
        <dl class="facts">
          <div><dt>{t('field.uetr')}</dt><dd class="mono">{record.uetr}</dd></div>
          <div><dt>{t('field.status')}</dt><dd><span class={`status ${record.status}`} data-testid="status">{t(`status.${record.status}`)}</span></dd></div>
          <div><dt>{t('field.corridor')}</dt><dd>{record.corridor}</dd></div>
          <div><dt>{t('field.messageType')}</dt><dd>{record.messageType}</dd></div>
          <div><dt>{t('field.debtorAgent')}</dt><dd>{orgName(record.debtorAgentOrg)}</dd></div>
          <div><dt>{t('field.creditorAgent')}</dt><dd>{orgName(record.creditorAgentOrg)}</dd></div>
          <div><dt>{t('field.settlementDate')}</dt><dd>{record.settlementDate}</dd></div>
          <div><dt>{t('field.differing')}</dt><dd data-testid="differing">{record.differingFields.join(', ') || '–'}</dd></div>
          {record.decision && (
            <div><dt>{t('field.ruleSetVersion')}</dt><dd data-testid="rule-set-version">{record.decision.ruleSetVersion ?? t('payment.noRuleSet')}</dd></div>
          )}
        </dl>
      )}
      {record && <SidesTable record={record} details={view?.details?.sides} />}
      {view?.details?.differences && view.details.differences.length > 0 && <DifferencesTable differences={view.details.differences} />}
      {events && <EventsTable events={events} />}
      {record && <Trail record={record} />}
      {view && who.canWrite && record && <Actions record={record} details={view.details?.sides} onDone={load} />}
      {view && <Settlement view={view} />}
      {history && <LedgerHistory history={history} />}
    </div>
  );
}

/** The decision's code of each differing field: why it is within the pair's tolerance, or why it is a discrepancy. */
function reasonsOf(record: PaymentRecord): Map<MatchingField, ReasonCode> {
  const findings = [...(record.decision?.withinTolerance ?? []), ...(record.decision?.discrepancies ?? [])];
  return new Map(findings.map((finding) => [finding.field, finding.code]));
}

function SidesTable({ record, details }: { record: PaymentRecord; details?: { DEBTOR_AGENT?: SideDetails; CREDITOR_AGENT?: SideDetails } }) {
  const { t, language } = useI18n();
  const reasons = reasonsOf(record);
  return (
    <>
      <h2>{t('payment.sides')}</h2>
      <div class="table-wrap">
        <table data-testid="sides">
          <thead>
            <tr><th scope="col">{t('field.side')}</th><th scope="col">{t('field.sides')}</th><th scope="col">{t('field.org')}</th><th scope="col">{t('field.at')}</th><th scope="col">{t('field.transaction')}</th></tr>
          </thead>
          <tbody>
            {SIDES.map((side) => {
              const present = record.sides[side];
              return (
                <tr key={side}>
                  <th scope="row">{t(`side.${side}`)}</th>
                  <td><span class={present ? 'present' : 'missing'}>{t(present ? 'side.present' : 'side.missing')}</span></td>
                  <td>{present ? orgName(present.submittedBy) : '–'}</td>
                  <td>{present ? formatTime(present.submittedAt, language) : '–'}</td>
                  <td class="mono" title={present?.txId}>{present ? shortTx(present.txId) : '–'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h2>{t('payment.fields')}</h2>
      {details === undefined && <p class="notice">{t('payment.valuesHidden')}</p>}
      <div class="table-wrap">
        <table data-testid="fields">
          <thead>
            <tr>
              <th scope="col">{t('payment.amendField')}</th>
              {details && SIDES.map((side) => <th key={side} scope="col">{t(`side.${side}`)}</th>)}
              <th scope="col">{t('field.status')}</th>
              <th scope="col">{t('payment.decision')}</th>
            </tr>
          </thead>
          <tbody>
            {MATCHING_FIELDS.map((field) => {
              const differs = (record.differingFields as string[]).includes(field);
              const code = reasons.get(field);
              return (
                <tr key={field} class={differs ? (code !== undefined && withinTolerance(code) ? 'tolerated' : 'differs') : undefined}>
                  <th scope="row">{field}</th>
                  {details && SIDES.map((side) => <td key={side} class="mono">{showValue(details[side]?.[field])}</td>)}
                  <td>{differs ? <strong class="differs-mark">≠</strong> : '='}</td>
                  <td data-field={field}>{code === undefined ? '–' : <span class={`reason ${withinTolerance(code) ? 'within' : 'over'}`}>{t(`reason.${code}`)}</span>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

function EventsTable({ events }: { events: PaymentEvent[] }) {
  const { t, language } = useI18n();
  return (
    <>
      <h2>{t('payment.history')}</h2>
      <div class="table-wrap">
        <table data-testid="history">
          <thead>
            <tr><th scope="col">{t('field.at')}</th><th scope="col">{t('field.action')}</th><th scope="col">{t('field.status')}</th><th scope="col">{t('field.differing')}</th><th scope="col">{t('field.block')}</th><th scope="col">{t('field.transaction')}</th></tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={`${event.transactionId}`}>
                <td>{formatTime(event.at, language)}</td>
                <td>{event.transaction}</td>
                <td>{event.previousStatus ? `${t(`status.${event.previousStatus}`)} → ` : ''}{t(`status.${event.status}`)}</td>
                <td>{event.differingFields.join(', ') || '–'}</td>
                <td>{event.blockNumber}</td>
                <td class="mono" title={event.transactionId}>{shortTx(event.transactionId)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Trail({ record }: { record: PaymentRecord }) {
  const { t, language } = useI18n();
  if (record.trail.length === 0 && record.acceptances.length === 0) return null;
  return (
    <>
      <h2>{t('payment.trail')}</h2>
      <ul class="trail">
        {record.trail.map((step) => (
          <li key={`${step.txId}-${step.action}`}>
            <strong>{step.action}</strong> · {orgName(step.org)}{step.side ? ` · ${t(`side.${step.side}`)}` : ''} · {formatTime(step.at, language)}
            {step.reason ? <> · <q>{step.reason}</q></> : null} · <span class="mono" title={step.txId}>{shortTx(step.txId)}</span>
          </li>
        ))}
      </ul>
      {record.acceptances.length > 0 && (
        <>
          <h3>{t('payment.acceptances')}</h3>
          <ul class="trail">
            {record.acceptances.map((acceptance) => (
              <li key={acceptance.txId}>{orgName(acceptance.org)} · <q>{acceptance.reason}</q> · {formatTime(acceptance.at, language)}</li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/** Fields of our own side an analyst may correct: the matching fields held as text. */
const AMENDABLE = ['endToEndId', 'interbankSettlementDate', 'exchangeRate'] as const satisfies readonly MatchingField[];
type Amendable = (typeof AMENDABLE)[number];

function Actions({ record, details, onDone }: { record: PaymentRecord; details?: { DEBTOR_AGENT?: SideDetails; CREDITOR_AGENT?: SideDetails }; onDone: () => Promise<void> }) {
  const { t } = useI18n();
  const who = useSession();
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ourSide: Side | undefined = record.debtorAgentOrg === who.mspId ? 'DEBTOR_AGENT' : record.creditorAgentOrg === who.mspId ? 'CREDITOR_AGENT' : undefined;
  const own = ourSide ? details?.[ourSide] : undefined;
  const [amount, setAmount] = useState(own?.interbankSettlementAmount.amount ?? '');
  const [edits, setEdits] = useState<Partial<Record<Amendable, string>>>({});
  if (ourSide === undefined) return null;

  const accept = async (event: Event) => {
    event.preventDefault();
    const { data, error: refusal, response } = await api.POST('/payments/{uetr}/accept', { params: { path: { uetr: record.uetr } }, body: { reason } });
    if (data === undefined) { setError(errorMessage(refusal, response)); return; }
    setError(null);
    setOutcome(t('payment.acceptDone', { tx: shortTx(data.transactionId), block: data.blockNumber, status: t(`status.${data.changes[0]?.status ?? record.status}`) }));
    await onDone();
  };
  const amend = async (event: Event) => {
    event.preventDefault();
    if (own === undefined) return;
    // A field emptied on the form is one the side no longer carries (only optional ones can be).
    const side = { ...own, ...edits, interbankSettlementAmount: { ...own.interbankSettlementAmount, amount } };
    for (const field of AMENDABLE) if (side[field] === '') delete side[field];
    const { data, error: refusal, response } = await api.POST('/payments/{uetr}/amend', { params: { path: { uetr: record.uetr } }, body: side });
    if (data === undefined) { setError(errorMessage(refusal, response)); return; }
    setError(null);
    setOutcome(t('payment.amendDone', { tx: shortTx(data.transactionId), block: data.blockNumber, status: t(`status.${data.changes[0]?.status ?? record.status}`) }));
    await onDone();
  };

  return (
    <div class="actions">
      {outcome && <p class="ok" role="status" data-testid="outcome">{outcome}</p>}
      {error && <p class="error" role="alert">{error}</p>}
      {record.status === 'DISCREPANCY' && !record.acceptances.some((acceptance) => acceptance.org === who.mspId) && (
        <form class="card" onSubmit={accept} aria-labelledby="accept-title">
          <h2 id="accept-title">{t('payment.accept')}</h2>
          <label for="accept-reason">{t('payment.acceptReason')}</label>
          <textarea id="accept-reason" required maxLength={500} rows={2} value={reason} onInput={(event) => setReason((event.currentTarget as HTMLTextAreaElement).value)} />
          <button type="submit">{t('payment.accept')}</button>
        </form>
      )}
      {own && record.status !== 'MATCHED' && record.status !== 'MATCHED_WITHIN_TOLERANCE' && record.status !== 'RESOLVED' && (
        <form class="card" onSubmit={amend} aria-labelledby="amend-title">
          <h2 id="amend-title">{t('payment.amend')} ({t(`side.${ourSide}`)})</h2>
          <label for="amend-amount">interbankSettlementAmount ({own.interbankSettlementAmount.currency})</label>
          <input id="amend-amount" class="mono" required value={amount} onInput={(event) => setAmount((event.currentTarget as HTMLInputElement).value)} />
          {AMENDABLE.map((field) => (
            <div key={field}>
              <label for={`amend-${field}`}>{field}</label>
              <input id={`amend-${field}`} class="mono" value={edits[field] ?? own[field] ?? ''}
                onInput={(event) => setEdits({ ...edits, [field]: (event.currentTarget as HTMLInputElement).value })} />
            </div>
          ))}
          <button type="submit">{t('payment.submit')}</button>
        </form>
      )}
    </div>
  );
}

/** The differences behind the decision, as the pair's private data holds them: the two banks' consoles only. */
function DifferencesTable({ differences }: { differences: Differences }) {
  const { t } = useI18n();
  return (
    <>
      <h2>{t('payment.differences')}</h2>
      <div class="table-wrap">
        <table data-testid="differences">
          <thead><tr><th scope="col">{t('payment.amendField')}</th><th scope="col">{t('payment.difference')}</th><th scope="col">{t('payment.allowed')}</th></tr></thead>
          <tbody>
            {differences.map((difference) => {
              const [shown, allowed] = 'residual' in difference
                ? [`${difference.difference} ${difference.currency} (${difference.residual} ${difference.currency})`, `${difference.allowed} ${difference.currency}`]
                : 'differenceBasisPoints' in difference
                  ? [`${difference.differenceBasisPoints} bp`, `${difference.allowedBasisPoints} bp`]
                  : [`${difference.businessDays}`, `-${difference.allowedBefore} / +${difference.allowedAfter}`];
              return <tr key={difference.field}><th scope="row">{difference.field}</th><td class="mono">{shown}</td><td class="mono">{allowed}</td></tr>;
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Settlement({ view }: { view: PaymentViewBody }) {
  const { t } = useI18n();
  if (view.statusReports.length === 0 && view.statementEntries.length === 0) return null;
  return (
    <>
      <h2>{t('payment.settlement')}</h2>
      {view.statusReports.length > 0 && (
        <>
          <h3>{t('payment.statusReports')}</h3>
          <ul class="trail">
            {view.statusReports.map((report) => (
              <li key={report.id}>{report.transactionStatus}{report.reasonCode ? ` (${report.reasonCode})` : ''} · {report.messageId} · {report.originalMessageId}</li>
            ))}
          </ul>
        </>
      )}
      {view.statementEntries.length > 0 && (
        <>
          <h3>{t('payment.statementEntries')}</h3>
          <ul class="trail">
            {view.statementEntries.map((entry) => (
              <li key={entry.id}>{entry.messageType} · {entry.creditDebit} {entry.amount} {entry.currency} · {entry.entryStatus} · {entry.bookingDate ?? '–'} · {entry.account}</li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

function LedgerHistory({ history }: { history: History }) {
  const { t, language } = useI18n();
  return (
    <>
      <h2>{t('payment.ledgerHistory')}</h2>
      <div class="table-wrap">
        <table data-testid="ledger-history">
          <thead>
            <tr><th scope="col">{t('field.at')}</th><th scope="col">{t('field.status')}</th><th scope="col">{t('field.sides')}</th><th scope="col">{t('field.differing')}</th><th scope="col">{t('field.reasons')}</th><th scope="col">{t('field.transaction')}</th></tr>
          </thead>
          <tbody>
            {history.versions.map((version) => (
              <tr key={version.txId}>
                <td>{formatTime(version.at, language)}</td>
                <td>{version.record ? t(`status.${version.record.status}`) : '–'}</td>
                <td>{version.record ? SIDES.filter((side) => version.record?.sides[side]).map((side) => t(`side.${side}`)).join(', ') : '–'}</td>
                <td>{version.record?.differingFields.join(', ') || '–'}</td>
                <td>{version.record ? [...reasonsOf(version.record)].map(([field, code]) => `${field}: ${t(`reason.${code}`)}`).join(', ') || '–' : '–'}</td>
                <td class="mono" title={version.txId}>{shortTx(version.txId)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
