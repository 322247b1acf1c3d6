import { useEffect, useState } from 'preact/hooks';
import { api, errorMessage, type Schemas } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { type ReasonCode, formatTime, orgName, shortTx, todayUtc } from '../ui/format';
import { href } from '../ui/route';
import { useSession } from '../ui/session';

type Report = Schemas['EndOfDayReportDto'];
type Corridor = Report['payments'][number]['corridor'];

/** Saves text the instance produced, byte for byte, as a file of the browser's downloads. */
function saveAs(text: string, type: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/**
 * A regulator's end-of-day report of a settlement date over the pairs of its regime, in tables (with the matches
 * within tolerance per corridor and rule set version) and as the instance's CSV or JSON.
 */
export function Report() {
  const { t, language } = useI18n();
  const who = useSession();
  const [form, setForm] = useState({ date: todayUtc(), corridor: '' });
  const [applied, setApplied] = useState(form);
  const [report, setReport] = useState<Report | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const query = (format: 'json' | 'csv') => ({ date: applied.date, format, ...(applied.corridor ? { corridor: applied.corridor as Corridor } : {}) });

  useEffect(() => {
    void api.GET('/regulator/reports/end-of-day', { params: { query: query('json') } }).then(({ data, error: refusal, response }) => {
      if (data === undefined) { setError(errorMessage(refusal, response)); return; }
      setError(null);
      setReport(data as Report);
    });
  }, [applied]);

  const download = async (format: 'json' | 'csv') => {
    const { data, error: refusal, response } = await api.GET('/regulator/reports/end-of-day', { params: { query: query(format) }, parseAs: 'text' });
    if (data === undefined) { setError(errorMessage(refusal, response)); return; }
    const name = `end-of-day-${applied.date}${applied.corridor ? `-${applied.corridor.replace('->', '-')}` : ''}.${format}`;
    saveAs(data, format === 'csv' ? 'text/csv' : 'application/json', name);
  };

  return (
    <section>
      <h1>{t('report.title')}</h1>
      <form class="filters" onSubmit={(event) => { event.preventDefault(); setApplied(form); }}>
        <label>{t('field.settlementDate')}<input type="date" required value={form.date} onInput={(event) => setForm({ ...form, date: (event.currentTarget as HTMLInputElement).value })} /></label>
        <label>{t('field.corridor')}
          <select value={form.corridor} onChange={(event) => setForm({ ...form, corridor: (event.currentTarget as HTMLSelectElement).value })}>
            <option value="">{t('any')}</option>
            {who.corridors.map((corridor) => <option key={corridor} value={corridor}>{corridor}</option>)}
          </select>
        </label>
        <div class="buttons">
          <button type="submit">{t('apply')}</button>
          <button type="button" class="secondary" onClick={() => void download('csv')}>{t('report.csv')}</button>
          <button type="button" class="secondary" onClick={() => void download('json')}>{t('report.json')}</button>
        </div>
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      {report === undefined ? <p>{t('loading')}</p> : (
        <>
          <p class="count" data-testid="report-totals">
            {t('report.totals', { n: report.totals.payments })}
            {Object.entries(report.totals.byStatus).filter(([, count]) => count > 0).map(([status, count]) => ` · ${t(`status.${status as Report['payments'][number]['status']}`)} ${count}`).join('')}
          </p>
          {report.corridors.length > 0 && (
            <div class="table-wrap">
              <table data-testid="report-corridors">
                <caption class="visually-hidden">{t('report.corridors')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('field.corridor')}</th><th scope="col">{t('corridors.payments')}</th>
                    <th scope="col">{t('corridors.withinTolerance')}</th><th scope="col">{t('report.byVersion')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.corridors.map((row) => (
                    <tr key={row.corridor} data-corridor={row.corridor}>
                      <th scope="row">{row.corridor}</th><td>{row.payments}</td><td>{row.matchedWithinTolerance.total}</td>
                      <td>{Object.entries(row.matchedWithinTolerance.byRuleSetVersion).map(([version, count]) => `v${version}: ${count}`).join(', ') || '–'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {report.payments.length === 0 ? <p>{t('report.empty')}</p> : (
            <div class="table-wrap">
              <table data-testid="report">
                <thead>
                  <tr>
                    <th scope="col">{t('field.corridor')}</th><th scope="col">{t('field.uetr')}</th><th scope="col">{t('field.debtorAgent')}</th><th scope="col">{t('field.creditorAgent')}</th>
                    <th scope="col">{t('field.status')}</th><th scope="col">{t('field.differing')}</th><th scope="col">{t('field.reasons')}</th>
                    <th scope="col">{t('field.ruleSetVersion')}</th><th scope="col">{t('field.at')}</th><th scope="col">{t('field.block')}</th><th scope="col">{t('field.transaction')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.payments.map((line) => (
                    <tr key={line.uetr} data-uetr={line.uetr}>
                      <td>{line.corridor}</td>
                      <td><a class="mono" href={href('payments', line.uetr)}>{line.uetr}</a></td>
                      <td>{orgName(line.debtorAgentOrg)}</td><td>{orgName(line.creditorAgentOrg)}</td>
                      <td><span class={`status ${line.status}`}>{t(`status.${line.status}`)}</span></td>
                      <td>{line.differingFields.join(', ') || '–'}</td>
                      <td>{line.reasons.map((reason) => { const [field, code] = reason.split(':'); return `${field}: ${t(`reason.${code as ReasonCode}`)}`; }).join(', ') || '–'}</td>
                      <td>{line.ruleSetVersion ?? '–'}</td>
                      <td>{formatTime(line.statusAt, language)}</td><td>{line.blockNumber}</td>
                      <td class="mono" title={line.transactionId}>{shortTx(line.transactionId)}</td>
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
