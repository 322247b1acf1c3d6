import { useEffect, useState } from 'preact/hooks';
import { api, errorMessage, type Schemas } from '../api/client';
import { fetchWithUploadProgress } from '../api/upload';
import { useI18n } from '../i18n/i18n';
import { formatTime, shortTx } from '../ui/format';
import { href } from '../ui/route';
import { useSession } from '../ui/session';

type Summary = Schemas['SubmissionSummaryDto'];
type Submission = Schemas['SubmissionDto'];

/** How an uploaded file is sent: ISO 20022 by its XML, anything else as CSV. */
const isXml = (file: File): boolean => /\.xml$/i.test(file.name) || /xml/.test(file.type);

/** This instance's submissions, one's items with their outbox status and rejection reasons, and uploads. */
export function Submissions({ id }: { id?: string }) {
  const { t, language } = useI18n();
  const who = useSession();
  const [list, setList] = useState<Summary[] | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    const { data, error: refusal, response } = await api.GET('/submissions', { params: { query: { limit: 100 } } });
    if (data === undefined) { setError(errorMessage(refusal, response)); return; }
    setList(data.submissions);
  };
  useEffect(() => { void load(); }, []);

  return (
    <section>
      <h1>{t('submissions.title')}</h1>
      {who.canWrite && <Upload onUploaded={(submissionId) => { void load(); location.hash = href('submissions', submissionId); }} />}
      {error && <p class="error" role="alert">{error}</p>}
      <div class="columns">
        <div>
          {list === undefined ? <p>{t('loading')}</p> : list.length === 0 ? <p>{t('submissions.empty')}</p> : (
            <div class="table-wrap">
              <table data-testid="submissions">
                <thead><tr><th scope="col">{t('submissions.created')}</th><th scope="col">{t('submissions.source')}</th><th scope="col">{t('submissions.itemCount')}</th></tr></thead>
                <tbody>
                  {list.map((summary) => (
                    <tr key={summary.submissionId} aria-current={summary.submissionId === id ? 'true' : undefined}>
                      <td><a href={href('submissions', summary.submissionId)}>{formatTime(summary.createdAt, language)}</a></td>
                      <td>{summary.source}</td>
                      <td>{summary.itemCount}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
        <div>{id ? <SubmissionItems key={id} id={id} /> : <p>{t('submissions.select')}</p>}</div>
      </div>
    </section>
  );
}

function SubmissionItems({ id }: { id: string }) {
  const { t } = useI18n();
  const [submission, setSubmission] = useState<Submission | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      const { data, error: refusal, response } = await api.GET('/submissions/{id}', { params: { path: { id } } });
      if (data === undefined) { setError(errorMessage(refusal, response)); return; }
      setSubmission(data);
      // Items leave PENDING as the outbox's batches commit: follow them until none is left.
      if (data.items.some((item) => item.status === 'PENDING')) timer = setTimeout(() => void poll(), 1_000);
    };
    void poll();
    return () => clearTimeout(timer);
  }, [id]);
  if (error) return <p class="error" role="alert">{error}</p>;
  if (submission === undefined) return <p>{t('loading')}</p>;
  return (
    <div>
      <h2>{t('submissions.items')} · {submission.source} · <span class="mono">{submission.submissionId}</span></h2>
      <div class="table-wrap">
        <table data-testid="items">
          <thead><tr><th scope="col">#</th><th scope="col">{t('field.uetr')}</th><th scope="col">{t('field.side')}</th><th scope="col">{t('field.status')}</th><th scope="col">{t('field.transaction')}</th><th scope="col">{t('submissions.lastError')}</th></tr></thead>
          <tbody>
            {submission.items.map((item) => (
              <tr key={item.id} class={item.status === 'REJECTED' ? 'rejected' : undefined}>
                <td>{item.id}</td>
                <td class="mono">{item.uetr ? <a href={href('payments', item.uetr)}>{item.uetr}</a> : '–'}</td>
                <td>{item.side ? t(`side.${item.side}`) : '–'}</td>
                <td><span class={`item ${item.status}`}>{item.status}</span></td>
                <td class="mono" title={item.transactionId ?? undefined}>{item.transactionId ? shortTx(item.transactionId) : '–'}</td>
                <td>{item.lastError ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function Upload({ onUploaded }: { onUploaded: (submissionId: string) => void }) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const send = async (event: Event) => {
    event.preventDefault();
    if (file === null) return;
    const text = await file.text();
    const fetch = fetchWithUploadProgress((sent, total) => setProgress({ sent, total }));
    setProgress({ sent: 0, total: file.size });
    const answer = isXml(file)
      ? await api.POST('/payments/iso20022', { body: text, headers: { 'content-type': 'application/xml' }, bodySerializer: (body) => body, fetch })
      : await api.POST('/payments/csv', { body: text, headers: { 'content-type': 'text/csv' }, bodySerializer: (body) => body, fetch });
    if (answer.data === undefined) { setError(errorMessage(answer.error, answer.response)); setOutcome(null); return; }
    setError(null);
    setOutcome(t('submissions.accepted', { id: answer.data.submissionId, n: answer.data.items.length }));
    onUploaded(answer.data.submissionId);
  };

  return (
    <form class="card" onSubmit={send} aria-labelledby="upload-title">
      <h2 id="upload-title">{t('submissions.upload')}</h2>
      <label for="upload-file">{t('submissions.file')}</label>
      <input id="upload-file" type="file" accept=".xml,.csv,application/xml,text/xml,text/csv" required
        onChange={(event) => { setFile((event.currentTarget as HTMLInputElement).files?.[0] ?? null); setProgress(null); setOutcome(null); }} />
      {progress && (
        <label class="progress">{t('submissions.progress')}
          <progress max={progress.total || 1} value={progress.sent} data-testid="upload-progress" />
          {progress.total > 0 ? `${Math.round((progress.sent / progress.total) * 100)} %` : ''}
        </label>
      )}
      <button type="submit" disabled={file === null}>{t('submissions.send')}</button>
      {outcome && <p class="ok" role="status" data-testid="upload-outcome">{outcome}</p>}
      {error && <p class="error" role="alert">{error}</p>}
    </form>
  );
}
