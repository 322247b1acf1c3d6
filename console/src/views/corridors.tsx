import { useEffect, useState } from 'preact/hooks';
import { api, errorMessage, type PaymentView, type Schemas } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { StackedBars } from '../ui/charts';
import { orgName } from '../ui/format';
import { href } from '../ui/route';
import { useSession } from '../ui/session';

type Flow = Schemas['CorridorDayFlowDto'];
type Ageing = Schemas['AgeingDto'];
type Corridor = Flow['corridor'];

/** A break's reason as the ageing report gives it: a discrepancy code, or the break's status when it has none. */
type BreakReason = Ageing['reasons'][number]['reason'];
const isStatus = (reason: BreakReason): reason is 'PENDING_COUNTERPARTY' | 'DISCREPANCY' | 'UNMATCHED' =>
  reason === 'PENDING_COUNTERPARTY' || reason === 'DISCREPANCY' || reason === 'UNMATCHED';

/**
 * A regulator's corridors (both directions of every pair with a bank of its regime, from /whoami): flows per
 * corridor and settlement day, and the age of open breaks overall and by reason, as charts with their figures in
 * tables; a corridor's day lists its payments, each opening its full history.
 */
export function Corridors() {
  const { t } = useI18n();
  const who = useSession();
  const [range, setRange] = useState({ from: '', to: '' });
  const [applied, setApplied] = useState({ from: '', to: '' });
  const [flows, setFlows] = useState<Flow[] | undefined>(undefined);
  const [ageing, setAgeing] = useState<Ageing | undefined>(undefined);
  const [picked, setPicked] = useState<{ corridor: Corridor; date: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void (async () => {
      const query = { ...(applied.from ? { from: applied.from } : {}), ...(applied.to ? { to: applied.to } : {}) };
      const flowAnswer = await api.GET('/regulator/flows', { params: { query } });
      if (flowAnswer.data === undefined) { setError(errorMessage(flowAnswer.error, flowAnswer.response)); return; }
      setFlows(flowAnswer.data.flows);
      const ageingAnswer = await api.GET('/regulator/breaks/ageing', {});
      if (ageingAnswer.data === undefined) { setError(errorMessage(ageingAnswer.error, ageingAnswer.response)); return; }
      setError(null);
      setAgeing(ageingAnswer.data);
    })();
  }, [applied]);

  const reasonLabel = (reason: BreakReason): string => t(isStatus(reason) ? `status.${reason}` : `reason.${reason}`);
  const outcomes = [
    { name: t('corridors.matched'), className: 'matched' },
    { name: t('corridors.withinTolerance'), className: 'tolerated' },
    { name: t('corridors.resolved'), className: 'resolved' },
    { name: t('corridors.breaks'), className: 'breaks' },
  ];
  return (
    <section>
      <h1>{t('corridors.title')}</h1>
      <form class="filters" onSubmit={(event) => { event.preventDefault(); setApplied(range); }}>
        <label>{t('field.from')}<input type="date" value={range.from} onInput={(event) => setRange({ ...range, from: (event.currentTarget as HTMLInputElement).value })} /></label>
        <label>{t('field.to')}<input type="date" value={range.to} onInput={(event) => setRange({ ...range, to: (event.currentTarget as HTMLInputElement).value })} /></label>
        <div class="buttons"><button type="submit">{t('apply')}</button></div>
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      {flows === undefined ? <p>{t('loading')}</p> : (
        <>
          <h2>{t('corridors.flows')}</h2>
          <div class="charts">
            {who.corridors.map((corridor) => {
              const days = flows.filter((flow) => flow.corridor === corridor);
              if (days.length === 0) return null;
              return (
                <div key={corridor} class="chart-box">
                  <h3>{corridor}</h3>
                  <StackedBars series={outcomes} summary={`${corridor}: ${days.map((day) => `${day.settlementDate} ${day.payments}`).join(', ')}`}
                    bars={days.map((day) => ({ label: day.settlementDate, parts: [day.matched, day.matchedWithinTolerance, day.resolved, day.breaks.total] }))} />
                </div>
              );
            })}
          </div>
          <div class="table-wrap">
            <table data-testid="flows">
              <thead>
                <tr>
                  <th scope="col">{t('field.corridor')}</th><th scope="col">{t('field.settlementDate')}</th><th scope="col">{t('corridors.payments')}</th>
                  <th scope="col">{t('corridors.matched')}</th><th scope="col">{t('corridors.withinTolerance')}</th><th scope="col">{t('corridors.resolved')}</th><th scope="col">{t('corridors.breaks')}</th><th scope="col"><span class="visually-hidden">{t('open')}</span></th>
                </tr>
              </thead>
              <tbody>
                {flows.map((flow) => (
                  <tr key={`${flow.corridor}|${flow.settlementDate}`} data-corridor={flow.corridor} data-date={flow.settlementDate}>
                    <td>{flow.corridor}</td><td>{flow.settlementDate}</td><td>{flow.payments}</td><td>{flow.matched}</td><td>{flow.matchedWithinTolerance}</td><td>{flow.resolved}</td>
                    <td>{flow.breaks.total}</td>
                    <td><button type="button" class="secondary" onClick={() => setPicked({ corridor: flow.corridor, date: flow.settlementDate })}>{t('open')}<span class="visually-hidden"> {flow.corridor} {flow.settlementDate}</span></button></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {picked ? <DayPayments key={`${picked.corridor}${picked.date}`} corridor={picked.corridor} date={picked.date} /> : flows && <p>{t('corridors.pick')}</p>}
      {ageing && (
        <>
          <h2>{t('corridors.ageing')}</h2>
          <StackedBars horizontal series={ageing.buckets.map((bucket, index) => ({ name: bucket, className: `age${index}` }))}
            summary={ageing.corridors.map((row) => `${row.corridor} ${row.total}`).join(', ')}
            bars={ageing.corridors.map((row) => ({ label: row.corridor, parts: ageing.buckets.map((bucket) => row.buckets[bucket as keyof typeof row.buckets]) }))} />
          <div class="table-wrap">
            <table data-testid="ageing">
              <thead>
                <tr><th scope="col">{t('field.corridor')}</th>{ageing.buckets.map((bucket) => <th key={bucket} scope="col">{bucket}</th>)}<th scope="col">{t('corridors.total')}</th><th scope="col">{t('corridors.oldest')}</th></tr>
              </thead>
              <tbody>
                {ageing.corridors.map((row) => (
                  <tr key={row.corridor}>
                    <th scope="row">{row.corridor}</th>
                    {ageing.buckets.map((bucket) => <td key={bucket}>{row.buckets[bucket as keyof typeof row.buckets]}</td>)}
                    <td>{row.total}</td><td>{row.oldestBreakSince ?? '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>{t('corridors.byReason')}</h2>
          {ageing.reasons.length === 0 ? <p>{t('corridors.noBreaks')}</p> : (
            <div class="table-wrap">
              <table data-testid="ageing-reasons">
                <thead>
                  <tr><th scope="col">{t('field.corridor')}</th><th scope="col">{t('corridors.reason')}</th>{ageing.buckets.map((bucket) => <th key={bucket} scope="col">{bucket}</th>)}<th scope="col">{t('corridors.total')}</th><th scope="col">{t('corridors.oldest')}</th></tr>
                </thead>
                <tbody>
                  {ageing.reasons.map((row) => (
                    <tr key={`${row.corridor}|${row.reason}`} data-corridor={row.corridor} data-reason={row.reason}>
                      <th scope="row">{row.corridor}</th><td>{reasonLabel(row.reason)}</td>
                      {ageing.buckets.map((bucket) => <td key={bucket}>{row.buckets[bucket as keyof typeof row.buckets]}</td>)}
                      <td>{row.total}</td><td>{row.oldestBreakSince ?? '–'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function DayPayments({ corridor, date }: { corridor: Corridor; date: string }) {
  const { t } = useI18n();
  const [items, setItems] = useState<PaymentView[] | undefined>(undefined);
  const [cursor, setCursor] = useState<string | null>(null);
  const load = async (after?: string) => {
    const { data } = await api.GET('/payments', { params: { query: { corridor, settlementDate: date, limit: '200', ...(after ? { cursor: after } : {}) } } });
    if (data === undefined) return;
    setItems((previous) => (after ? [...(previous ?? []), ...data.items] : data.items));
    setCursor(data.nextCursor);
  };
  useEffect(() => { void load(); }, []);
  return (
    <div>
      <h2>{t('corridors.list', { corridor, date })}</h2>
      {items === undefined ? <p>{t('loading')}</p> : (
        <div class="table-wrap">
          <table data-testid="day-payments">
            <thead><tr><th scope="col">{t('field.uetr')}</th><th scope="col">{t('field.debtorAgent')}</th><th scope="col">{t('field.creditorAgent')}</th><th scope="col">{t('field.status')}</th><th scope="col">{t('field.differing')}</th></tr></thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.uetr} data-uetr={item.uetr}>
                  <td><a class="mono" href={href('payments', item.uetr)}>{item.uetr}</a></td>
                  <td>{orgName(item.debtorAgentOrg)}</td><td>{orgName(item.creditorAgentOrg)}</td>
                  <td><span class={`status ${item.status}`}>{t(`status.${item.status}`)}</span></td>
                  <td>{item.differingFields.join(', ') || '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cursor && <button type="button" class="secondary" onClick={() => void load(cursor)}>{t('more')}</button>}
    </div>
  );
}
