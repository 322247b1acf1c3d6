import { useState } from 'preact/hooks';
import { api, errorMessage, type Schemas } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { formatTime, orgName, shortTx, todayUtc } from '../ui/format';
import { useSession } from '../ui/session';

type Anchor = Schemas['DocumentAnchorDto'];
type Verification = Schemas['VerificationDto'];
type DocumentType = Schemas['AnchorInputDto']['documentType'];

const DOCUMENT_TYPE_SET: Record<DocumentType, true> = {
  STATEMENT: true, KYC_RECORD: true, CREDIT_REPORT: true, INCOME_PROOF: true, TRADE_DOCUMENT: true, OTHER: true,
};
const DOCUMENT_TYPES = Object.keys(DOCUMENT_TYPE_SET) as DocumentType[];

/** SHA-256 of the file's bytes, in this browser (Web Crypto): the file itself is never sent anywhere. */
async function sha256Hex(file: File): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Documents by drop: the file is hashed here and only its hash goes to the instance. A bank's submitter verifies
 * it (the verification is logged on the ledger) or anchors it as issued by the bank; anyone else looks up its anchor.
 */
export function Documents() {
  const { t } = useI18n();
  const who = useSession();
  const [file, setFile] = useState<{ name: string; hash: string } | null>(null);
  const [dragging, setDragging] = useState(false);

  const take = async (picked: File | undefined) => {
    if (picked === undefined) return;
    setFile({ name: picked.name, hash: await sha256Hex(picked) });
  };

  return (
    <section>
      <h1>{t('documents.title')}</h1>
      <div class={dragging ? 'drop dragging' : 'drop'} data-testid="drop"
        onDragOver={(event) => { event.preventDefault(); setDragging(true); }}
        onDragLeave={() => setDragging(false)}
        onDrop={(event) => { event.preventDefault(); setDragging(false); void take(event.dataTransfer?.files[0]); }}>
        <p>{t('documents.drop')}</p>
        <label class="button secondary" for="document-file">{t('documents.choose')}</label>
        <input id="document-file" class="visually-hidden" type="file" onChange={(event) => void take((event.currentTarget as HTMLInputElement).files?.[0])} />
      </div>
      {file && (
        <div key={file.hash}>
          <dl class="facts">
            <div><dt>{t('submissions.file')}</dt><dd>{file.name}</dd></div>
            <div><dt>{t('documents.hash')}</dt><dd class="mono" data-testid="hash">{file.hash}</dd></div>
          </dl>
          {who.canWrite ? <Verify hash={file.hash} /> : <Lookup hash={file.hash} />}
          {who.canWrite && <AnchorForm hash={file.hash} />}
        </div>
      )}
    </section>
  );
}

function Verify({ hash }: { hash: string }) {
  const { t, language } = useI18n();
  const [result, setResult] = useState<Verification | null>(null);
  const [error, setError] = useState<string | null>(null);
  const verify = async () => {
    const { data, error: refusal, response } = await api.POST('/documents/verify', { body: { documentHash: hash } });
    if (data === undefined) { setError(errorMessage(refusal, response)); return; }
    setError(null);
    setResult(data);
  };
  return (
    <div class="card">
      <button type="button" onClick={() => void verify()}>{t('documents.verify')}</button>
      {error && <p class="error" role="alert">{error}</p>}
      {result && (
        <p role="status">
          {t('documents.result')}: <strong class={`result ${result.result}`} data-testid="result">{t(`result.${result.result}`)}</strong>
          {result.issuerOrg ? ` · ${t('documents.issuer')} ${orgName(result.issuerOrg)}` : ''}
          {result.validFrom ? ` · ${result.validFrom} – ${result.validUntil}` : ''} · {formatTime(result.verifiedAt, language)} · <span class="mono">{shortTx(result.transactionId)}</span>
        </p>
      )}
    </div>
  );
}

function Lookup({ hash }: { hash: string }) {
  const { t } = useI18n();
  const [anchor, setAnchor] = useState<Anchor | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const lookup = async () => {
    const { data, error: refusal, response } = await api.GET('/documents/{hash}', { params: { path: { hash } } });
    if (response.status === 404) { setAnchor(null); return; }
    if (data === undefined) { setError(errorMessage(refusal, response)); return; }
    setAnchor(data);
  };
  return (
    <div class="card">
      <button type="button" onClick={() => void lookup()}>{t('documents.lookup')}</button>
      {error && <p class="error" role="alert">{error}</p>}
      {anchor === null && <p role="status"><strong class="result UNKNOWN" data-testid="result">{t('documents.notAnchored')}</strong></p>}
      {anchor && (
        <p role="status" data-testid="anchor">
          {anchor.documentType} · {t('documents.issuer')} {orgName(anchor.issuerOrg)} · {anchor.status} · {anchor.validFrom} – {anchor.validUntil}
        </p>
      )}
    </div>
  );
}

function AnchorForm({ hash }: { hash: string }) {
  const { t } = useI18n();
  const [fields, setFields] = useState({ documentType: 'STATEMENT' as DocumentType, subjectRef: '', validFrom: todayUtc(), validUntil: todayUtc(), consentRef: '' });
  const [outcome, setOutcome] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const set = (name: keyof typeof fields) => (event: Event) => setFields({ ...fields, [name]: (event.currentTarget as HTMLInputElement).value });
  const anchor = async (event: Event) => {
    event.preventDefault();
    const { data, error: refusal, response } = await api.POST('/documents/anchors', { body: { anchors: [{ documentHash: hash, ...fields }] } });
    if (data === undefined) { setError(errorMessage(refusal, response)); return; }
    setError(null);
    setOutcome(t('documents.anchored', { tx: shortTx(data.transactionId) }));
  };
  return (
    <form class="card grid" onSubmit={anchor} aria-labelledby="anchor-title">
      <h2 id="anchor-title">{t('documents.anchor')}</h2>
      <label>{t('documents.type')}
        <select value={fields.documentType} onChange={set('documentType')}>
          {DOCUMENT_TYPES.map((type) => <option key={type} value={type}>{type}</option>)}
        </select>
      </label>
      <label>{t('documents.subjectRef')}<input required pattern="[A-Za-z0-9._:\-]{1,128}" value={fields.subjectRef} onInput={set('subjectRef')} /></label>
      <label>{t('documents.validFrom')}<input type="date" required value={fields.validFrom} onInput={set('validFrom')} /></label>
      <label>{t('documents.validUntil')}<input type="date" required value={fields.validUntil} onInput={set('validUntil')} /></label>
      <label>{t('documents.consentRef')}<input required pattern="[A-Za-z0-9._:\-]{1,128}" value={fields.consentRef} onInput={set('consentRef')} /></label>
      <button type="submit">{t('documents.anchor')}</button>
      {outcome && <p class="ok" role="status">{outcome}</p>}
      {error && <p class="error" role="alert">{error}</p>}
    </form>
  );
}
