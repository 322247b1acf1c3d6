import { strict as assert } from 'node:assert';
import { createHash, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { ApiInstance, startApi } from '../support/api-instance';
import {
  assertAccessible, assertFitsLaptop, dropFile, launchChromium, newPage, screenshot, signIn, waitForText,
} from '../support/browser';
import { hkCreditorSide, newUetr, szDebtorSide } from '../support/payments';
import { call, fixture, settledSubmission, withFreshUetrs } from '../support/write-api';

/** The SZBank-HKBank pair, as the rule-set routes name it. */
const PAIR = 'HKBank-SZBank';

/** Settlement dates other suites and fixtures pay on, which a view of one day's payments must not share. */
const USED_DATES = ['2026-03-02', '2026-03-03'];

/** A weekday of 2026 between mid-January and October: inside the pair's holiday calendars, away from other suites' days. */
function weekdayOf2026(): string {
  for (;;) {
    const day = new Date(Date.UTC(2026, 0, 12) + randomInt(0, 290) * 86_400_000);
    const date = day.toISOString().slice(0, 10);
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6 && !USED_DATES.includes(date)) return date;
  }
}

/**
 * The console in a real browser (Debian's Chromium through playwright-core), each org's console served by its own
 * API instance on the real network: two banks' analysts resolve a discrepancy, HKMA and PBOC (the regulators of the
 * pair's regimes) find it, AMCM (whose regime the pair does not touch) sees nothing of it, a document is verified by drop,
 * and a third bank sees nothing of the payment. Every view passes axe and is photographed.
 */
describe('the console in a browser (real API processes on the network)', function () {
  // Six instances replay the ledger as they start, one after the other: minutes on a busy two-core machine.
  this.timeout(600_000);
  let sz: ApiInstance;
  let hk: ApiInstance;
  let mo: ApiInstance;
  let pboc: ApiInstance;
  let hkma: ApiInstance;
  let amcm: ApiInstance;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const uetr = newUetr();
  // A settlement day of its own, so the regulator's views list this payment among few, on a reused network too.
  const settlementDate = `2031-${String(randomInt(1, 13)).padStart(2, '0')}-${String(randomInt(1, 29)).padStart(2, '0')}`;
  // A weekday of 2026 (the pair's holiday calendars cover it) of its own, for the payment matched within tolerance.
  const toleranceDate = weekdayOf2026();
  const szAmount = '125000.50';
  const hkAmount = '125000.00';

  const open = async (api: ApiInstance, role: 'submitter' | 'viewer', locale?: string): Promise<Page> => {
    const { context, page } = await newPage(browser, locale);
    contexts.push(context);
    await signIn(page, api.url, role === 'submitter' ? api.submitterKey : api.viewerKey);
    return page;
  };
  const check = async (page: Page, name: string): Promise<void> => {
    await screenshot(page, name);
    await assertAccessible(page, name);
    await assertFitsLaptop(page, name);
  };

  before(async () => {
    // One after the other: six instances replaying the ledger at once can starve each other's first answer on two
    // cores. Ports 3141 + the org's index (SZBank 0, HKBank 1, MOBank 2, PBOC 3, HKMA 4, AMCM 5).
    sz = await startApi('SZBank', { port: 3141 });
    hk = await startApi('HKBank', { port: 3142 });
    mo = await startApi('MOBank', { port: 3143 });
    pboc = await startApi('PBOC', { port: 3144 });
    hkma = await startApi('HKMA', { port: 3145 });
    amcm = await startApi('AMCM', { port: 3146 });
    browser = await launchChromium();
    // Both banks booked the payment, with different amounts: the ledger names the field, never the values.
    const fromSz = await call(sz, 'POST', '/payments', { json: { sides: [szDebtorSide(uetr, { interbankSettlementDate: settlementDate })] } });
    const fromHk = await call(hk, 'POST', '/payments', {
      json: { sides: [hkCreditorSide(uetr, { interbankSettlementDate: settlementDate, interbankSettlementAmount: { amount: hkAmount, currency: 'HKD' } })] },
    });
    assert.equal(fromSz.status, 202, JSON.stringify(fromSz.body));
    assert.equal(fromHk.status, 202, JSON.stringify(fromHk.body));
    await settledSubmission(sz, fromSz.body.submissionId);
    await settledSubmission(hk, fromHk.body.submissionId);
  });
  after(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await Promise.all([sz, hk, mo, pboc, hkma, amcm].filter(Boolean).map((api) => api.dispose()));
  });

  it('signs in with a key of the instance only, and keeps the key for the tab alone', async () => {
    const { context, page } = await newPage(browser);
    contexts.push(context);
    await page.goto(`${sz.url}/console/`);
    await check(page, 'sign-in');
    await page.fill('#api-key', hk.submitterKey);
    await page.click('button[type=submit]');
    await waitForText(page, '[role=alert]', /not valid on this instance/);
    await page.fill('#api-key', sz.viewerKey);
    await page.click('button[type=submit]');
    await waitForText(page, '[data-testid=who]', /Shenzhen Bank.*Bank.*viewer/);
    // A viewer is offered no write: no upload form.
    await page.click('nav a[href="#/submissions"]');
    await page.waitForSelector('h1');
    assert.equal(await page.locator('#upload-file').count(), 0);
    // Another tab of the same browser starts signed out: the key is in this tab's session storage only.
    const other = await context.newPage();
    await other.goto(`${sz.url}/console/`);
    await other.waitForSelector('#api-key');
  });

  it('an SZBank analyst and an HKBank analyst resolve the discrepancy, each in their own console, live', async () => {
    const szPage = await open(sz, 'submitter');
    const row = `tr[data-uetr="${uetr}"]`;
    // The analyst narrows the queue to the day and the counterparty.
    await szPage.fill('input[type=date]', settlementDate);
    await szPage.selectOption('select:near(:text("Counterparty"))', 'HKBankMSP');
    await szPage.click('form[aria-label=Filters] button[type=submit]');
    await szPage.waitForSelector(row, { timeout: 60_000 });
    assert.match(await szPage.locator(row).innerText(), /HKBank[\s\S]*Discrepancy[\s\S]*interbankSettlementAmount/);
    await waitForText(szPage, '[data-testid=live]', /^Live$/);
    await check(szPage, 'sz-breaks');

    await szPage.click(`${row} a`);
    await waitForText(szPage, '[data-testid=status]', /Discrepancy/);
    const fields = await szPage.locator('[data-testid=fields]').innerText();
    // The pair agreed no rule for HKD: the ledger's decision names the field with that reason.
    assert.match(fields, new RegExp(`interbankSettlementAmount\\s+${szAmount} HKD\\s+${hkAmount} HKD\\s+≠\\s+No rule for the currency`));
    // The rule set version shown is the one the ledger's decision was taken under.
    const recorded = await call(sz, 'GET', `/payments/${uetr}`);
    const version = (recorded.body.payment.decision as { ruleSetVersion?: number }).ruleSetVersion;
    await waitForText(szPage, '[data-testid=rule-set-version]', version === undefined ? /^none \(no rule consulted\)$/ : new RegExp(`^${version}$`));
    assert.match(await szPage.locator('[data-testid=history]').innerText(), /submitSides[\s\S]*Pending counterparty → Discrepancy/);
    await check(szPage, 'sz-payment');
    await szPage.fill('#accept-reason', '0.50 HKD charge difference, agreed with HKBank');
    await szPage.click('form[aria-labelledby=accept-title] button[type=submit]');
    await waitForText(szPage, '[data-testid=outcome]', /Accepted in transaction .* status Discrepancy/);

    // SZBank's analyst goes back to the queue and watches it while HKBank accepts.
    await szPage.click('nav a[href="#/breaks"]');
    await szPage.fill('input[type=date]', settlementDate);
    await szPage.click('form[aria-label=Filters] button[type=submit]');
    await szPage.waitForSelector(row);
    await waitForText(szPage, '[data-testid=live]', /^Live$/);

    const hkPage = await open(hk, 'submitter', 'zh-HK');
    await waitForText(hkPage, '[data-testid=who]', /銀行/);
    await hkPage.goto(`${hk.url}/console/#/payments/${uetr}`);
    await waitForText(hkPage, '[data-testid=status]', /不一致/);
    assert.match(await hkPage.locator('.trail').first().innerText(), /ACCEPT · SZBank/);
    await check(hkPage, 'hk-payment-zh-hant');
    await hkPage.fill('#accept-reason', 'agreed with SZBank');
    await hkPage.click('form[aria-labelledby=accept-title] button[type=submit]');
    await waitForText(hkPage, '[data-testid=outcome]', /已解決/);
    await waitForText(hkPage, '[data-testid=status]', /已解決/);

    // The SZBank queue drops the payment by itself once the event stream brings the change.
    await szPage.waitForSelector(row, { state: 'detached', timeout: 60_000 });
    await szPage.goto(`${sz.url}/console/#/payments/${uetr}`);
    await waitForText(szPage, '[data-testid=status]', /Resolved/);
    assert.match(await szPage.locator('[data-testid=history]').innerText(), /acceptDiscrepancy[\s\S]*Discrepancy → Resolved/);
  });

  it('HKMA, a regulator of the pair\'s regimes, finds the resolved payment in the corridor view, its ledger history and the end-of-day report', async () => {
    const page = await open(hkma, 'viewer');
    await waitForText(page, '[data-testid=who]', /Hong Kong Monetary Authority.*Regulator.*HK/);
    const day = `[data-testid=flows] tr[data-corridor="SZ->HK"][data-date="${settlementDate}"]`;
    await page.waitForSelector(day, { timeout: 60_000 });
    // payments, matched, matched within tolerance, resolved, breaks
    assert.match(await page.locator(day).innerText(), /SZ->HK\s+\S+\s+1\s+0\s+0\s+1\s+0/);
    await page.click(`${day} button`);
    const line = `[data-testid=day-payments] tr[data-uetr="${uetr}"]`;
    await page.waitForSelector(line);
    assert.match(await page.locator(line).innerText(), /SZBank\s+HKBank\s+Resolved\s+interbankSettlementAmount/);
    await check(page, 'hkma-corridors');

    await page.click(`${line} a`);
    await waitForText(page, '[data-testid=status]', /Resolved/);
    // The regulator reads the decision's reason too: a code, never a value.
    assert.match(await page.locator('[data-testid=fields]').innerText(), /interbankSettlementAmount\s+≠\s+No rule for the currency/);
    const versions = await page.locator('[data-testid=ledger-history] tbody tr').count();
    assert.ok(versions >= 4, `the ledger history shows ${versions} versions (two sides, two acceptances)`);
    // Names only for the regulator: no amount appears anywhere on its page.
    const text = await page.locator('main').innerText();
    assert.ok(!text.includes(szAmount) && !text.includes(hkAmount), 'the regulator\'s console shows an amount');
    await check(page, 'hkma-payment');

    await page.click('nav a[href="#/report"]');
    await page.fill('input[type=date]', settlementDate);
    await page.selectOption('form select', 'SZ->HK');
    await page.click('form button[type=submit]');
    const reportLine = `[data-testid=report] tr[data-uetr="${uetr}"]`;
    await page.waitForSelector(reportLine);
    assert.match(await page.locator(reportLine).innerText(), /SZ->HK[\s\S]*Resolved/);
    await check(page, 'hkma-report');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=Download CSV')]);
    const csv = readFileSync(await download.path(), 'utf8');
    assert.equal(download.suggestedFilename(), `end-of-day-${settlementDate}-SZ-HK.csv`);
    assert.match(csv, new RegExp(`^settlement_date,corridor,uetr,[\\s\\S]*\\r\\n${settlementDate},SZ->HK,${uetr},pacs.008,SZBankMSP,HKBankMSP,RESOLVED,`));
    const [json] = await Promise.all([page.waitForEvent('download'), page.click('text=Download JSON')]);
    const report = JSON.parse(readFileSync(await json.path(), 'utf8')) as { payments: { uetr: string; status: string }[] };
    assert.deepEqual(report.payments.map((entry) => [entry.uetr, entry.status]), [[uetr, 'RESOLVED']]);

    await page.click('nav a[href="#/breaks"]');
    await page.waitForSelector('[data-testid=live]');
    await check(page, 'hkma-breaks');
    // A regulator looks documents up; it has no verification to log, and no anchor form.
    await page.click('nav a[href="#/documents"]');
    await dropFile(page, '[data-testid=drop]', 'unknown.bin', Buffer.from(uetr));
    await page.click('text=Look up the anchor');
    await waitForText(page, '[data-testid=result]', /Not anchored: UNKNOWN/);
    assert.equal(await page.locator('form[aria-labelledby=anchor-title]').count(), 0);
    await check(page, 'hkma-documents');
  });

  it('PBOC, the regulator of the other regime of the pair, finds it too, in Simplified Chinese', async () => {
    const page = await open(pboc, 'viewer', 'zh-CN');
    await waitForText(page, '[data-testid=who]', /People's Bank of China.*监管机构.*CN/);
    const day = `[data-testid=flows] tr[data-corridor="SZ->HK"][data-date="${settlementDate}"]`;
    await page.waitForSelector(day, { timeout: 60_000 });
    assert.match(await page.locator(day).innerText(), /SZ->HK\s+\S+\s+1\s+0\s+0\s+1\s+0/);
    await check(page, 'pboc-corridors-zh-hans');
    await page.click('nav a[href="#/report"]');
    await page.fill('input[type=date]', settlementDate);
    await page.selectOption('form select', 'SZ->HK');
    await page.click('form button[type=submit]');
    const reportLine = `[data-testid=report] tr[data-uetr="${uetr}"]`;
    await page.waitForSelector(reportLine);
    assert.match(await page.locator(reportLine).innerText(), /SZ->HK[\s\S]*已解决/);
    await check(page, 'pboc-report-zh-hans');
  });

  it('shows a payment matched within tolerance, each field\'s reason and the rule set version, at SZBank and at HKMA', async () => {
    // The pair's rules as they are, with EUR added (no other test pays EUR on this pair), agreed by both banks.
    const current = await call(sz, 'GET', `/rule-sets/${PAIR}`, { role: 'viewer' });
    assert.equal(current.status, 200, JSON.stringify(current.body));
    const effective = current.body.effective?.ruleSet as { pair: string[]; version: number; calendars: string[]; currencies: Record<string, unknown> } | undefined;
    const version = (effective?.version ?? 0) + 1;
    const ruleSet = {
      pair: effective?.pair ?? ['HKBankMSP', 'SZBankMSP'], version, calendars: effective?.calendars ?? ['CN-2026.1', 'HK-2026.1'],
      currencies: {
        ...effective?.currencies,
        EUR: { amount: { above: { absolute: '0' }, below: { absolute: '5.00' } }, charges: { deductibleUnder: [] }, valueDate: { businessDaysBefore: 0, businessDaysAfter: 0 } },
      },
    };
    const proposed = await call(sz, 'POST', `/rule-sets/${PAIR}/proposals`, { json: { ruleSet } });
    assert.equal(proposed.status, 201, JSON.stringify(proposed.body));
    const accepted = await call(hk, 'POST', `/rule-sets/${PAIR}/proposals/${version}/accept`, { json: { digest: proposed.body.proposal.digest } });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));

    // HKBank received 2.50 EUR less than SZBank sent: within the 5.00 EUR the pair tolerates below.
    const tolerated = newUetr();
    const eur = (amount: string) => ({ interbankSettlementDate: toleranceDate, interbankSettlementAmount: { amount, currency: 'EUR' } });
    const fromSz = await call(sz, 'POST', '/payments', { json: { sides: [szDebtorSide(tolerated, eur('1000.00'))] } });
    const fromHk = await call(hk, 'POST', '/payments', { json: { sides: [hkCreditorSide(tolerated, eur('997.50'))] } });
    assert.deepEqual([fromSz.status, fromHk.status], [202, 202], JSON.stringify([fromSz.body, fromHk.body]));
    await settledSubmission(sz, fromSz.body.submissionId);
    await settledSubmission(hk, fromHk.body.submissionId);

    const szPage = await open(sz, 'viewer');
    await szPage.goto(`${sz.url}/console/#/payments/${tolerated}`);
    await waitForText(szPage, '[data-testid=status]', /^Matched within tolerance$/);
    assert.match(await szPage.locator('[data-testid=fields]').innerText(), /interbankSettlementAmount\s+1000\.00 EUR\s+997\.50 EUR\s+≠\s+Amount within tolerance/);
    await waitForText(szPage, '[data-testid=rule-set-version]', new RegExp(`^${version}$`));
    assert.match(await szPage.locator('[data-testid=differences]').innerText(), /interbankSettlementAmount\s+-2\.50 EUR \(-2\.50 EUR\)\s+5\.00 EUR/);
    // A viewer is offered no action, and nothing amends a payment the rules matched.
    assert.equal(await szPage.locator('form[aria-labelledby=amend-title], form[aria-labelledby=accept-title]').count(), 0);
    await check(szPage, 'sz-payment-within-tolerance');

    const page = await open(hkma, 'viewer');
    const day = `[data-testid=flows] tr[data-corridor="SZ->HK"][data-date="${toleranceDate}"]`;
    await page.waitForSelector(day, { timeout: 60_000 });
    // payments, matched, matched within tolerance, resolved, breaks
    assert.match(await page.locator(day).innerText(), /SZ->HK\s+\S+\s+1\s+0\s+1\s+0\s+0/);
    await page.goto(`${hkma.url}/console/#/payments/${tolerated}`);
    await waitForText(page, '[data-testid=status]', /^Matched within tolerance$/);
    assert.match(await page.locator('[data-testid=fields]').innerText(), /interbankSettlementAmount\s+≠\s+Amount within tolerance/);
    await waitForText(page, '[data-testid=rule-set-version]', new RegExp(`^${version}$`));
    const text = await page.locator('main').innerText();
    assert.ok(!text.includes('1000.00') && !text.includes('997.50') && !text.includes('2.50'), 'HKMA\'s console shows an amount');
    assert.equal(await page.locator('[data-testid=differences]').count(), 0);

    await page.click('nav a[href="#/report"]');
    await page.fill('input[type=date]', toleranceDate);
    await page.selectOption('form select', 'SZ->HK');
    await page.click('form button[type=submit]');
    const reportLine = `[data-testid=report] tr[data-uetr="${tolerated}"]`;
    await page.waitForSelector(reportLine);
    assert.match(await page.locator(reportLine).innerText(), new RegExp(`Matched within tolerance[\\s\\S]*interbankSettlementAmount: Amount within tolerance\\s+${version}\\s`));
    assert.match(await page.locator('[data-testid=report-corridors] tr[data-corridor="SZ->HK"]').innerText(), new RegExp(`SZ->HK\\s+1\\s+1\\s+v${version}: 1`));
    await check(page, 'hkma-report-within-tolerance');
  });

  it('shows AMCM, whose regime the SZ-HK pair does not touch, nothing of the payment', async () => {
    const page = await open(amcm, 'viewer');
    await waitForText(page, '[data-testid=who]', /Monetary Authority of Macao.*Regulator.*MO/);
    const answers: { url: string; status: number; body: string }[] = [];
    page.on('response', (response) => {
      void response.text().then((body) => answers.push({ url: response.url(), status: response.status(), body }), () => undefined);
    });
    await page.reload();
    await page.waitForSelector('[data-testid=flows], [data-testid=ageing]');
    await check(page, 'amcm-corridors');
    assert.equal(await page.locator('tr[data-corridor="SZ->HK"], tr[data-corridor="HK->SZ"]').count(), 0);
    const corridors = await page.locator('main').innerText();
    assert.ok(!corridors.includes('SZ->HK') && !corridors.includes('HK->SZ'), 'AMCM\'s corridor view names the SZ-HK corridor');

    await page.click('nav a[href="#/report"]');
    await page.fill('input[type=date]', settlementDate);
    assert.equal(await page.locator('form select option[value="SZ->HK"]').count(), 0, 'AMCM is offered the SZ->HK corridor');
    const [answer] = await Promise.all([
      page.waitForResponse((response) => response.url().includes('/regulator/reports/end-of-day') && response.url().includes(`date=${settlementDate}`)),
      page.click('form button[type=submit]'),
    ]);
    assert.equal(answer.status(), 200);
    await waitForText(page, '[data-testid=report-totals]', /^0 payments/);
    assert.equal(await page.locator(`tr[data-uetr="${uetr}"]`).count(), 0);

    await page.goto(`${amcm.url}/console/#/payments/${uetr}`);
    await page.waitForSelector('[data-testid=not-found]');
    await check(page, 'amcm-payment');
    const shown = await page.locator('main').innerText();
    for (const secret of [szAmount, hkAmount, 'interbankSettlementAmount', 'Resolved', 'SZ->HK']) {
      assert.ok(!shown.includes(secret), `AMCM's console shows '${secret}'`);
    }
    await page.waitForTimeout(500);
    // The only answers naming the UETR are the refusals of the requests that asked for it.
    const naming = answers.filter((answer) => answer.body.includes(uetr));
    assert.ok(naming.length > 0 && naming.every((answer) => answer.url.includes(uetr) && answer.status === 404), JSON.stringify(naming));
  });

  it('verifies a document by drop: hashed in the browser, never uploaded; the genuine copy VALID, an altered one UNKNOWN', async () => {
    const genuine = Buffer.from(fixture('camt053-hk-statement.xml').replace(/<MsgId>[^<]*</, `<MsgId>${uetr.slice(0, 30)}<`), 'utf8');
    const altered = Buffer.from(genuine.toString('utf8').replace('</Document>', '<!-- edited --></Document>'), 'utf8');
    const hash = createHash('sha256').update(genuine).digest('hex');

    const hkPage = await open(hk, 'submitter');
    const bodies: string[] = [];
    hkPage.on('request', (request) => { bodies.push(request.postData() ?? ''); });
    await hkPage.click('nav a[href="#/documents"]');
    await dropFile(hkPage, '[data-testid=drop]', 'statement.xml', genuine);
    await waitForText(hkPage, '[data-testid=hash]', new RegExp(`^${hash}$`));
    await hkPage.fill('input[pattern]:near(:text("Subject reference"))', 'subj:console-test');
    await hkPage.fill('input[pattern]:near(:text("Consent reference"))', `consent:${uetr.slice(0, 8)}`);
    await hkPage.fill('input[type=date]:near(:text("Valid until"))', '2099-12-31');
    await hkPage.click('form[aria-labelledby=anchor-title] button[type=submit]');
    await waitForText(hkPage, 'form[aria-labelledby=anchor-title] [role=status]', /Anchored in transaction/);
    await check(hkPage, 'hk-documents');

    const szPage = await open(sz, 'submitter');
    szPage.on('request', (request) => { bodies.push(request.postData() ?? ''); });
    await szPage.click('nav a[href="#/documents"]');
    await dropFile(szPage, '[data-testid=drop]', 'statement.xml', genuine);
    await waitForText(szPage, '[data-testid=hash]', new RegExp(`^${hash}$`));
    await szPage.click('text=Verify');
    await waitForText(szPage, '[data-testid=result]', /^VALID$/);
    assert.match(await szPage.locator('[role=status]').first().innerText(), /Issuer HKBank/);
    await check(szPage, 'sz-documents');
    await dropFile(szPage, '[data-testid=drop]', 'statement.xml', altered);
    await waitForText(szPage, '[data-testid=hash]', new RegExp(`^${createHash('sha256').update(altered).digest('hex')}$`));
    await szPage.click('text=Verify');
    await waitForText(szPage, '[data-testid=result]', /^UNKNOWN$/);

    // Only hashes left the browsers: no request carried the document or any part of it.
    const marker = genuine.toString('utf8').slice(200, 260);
    assert.ok(bodies.length > 0);
    assert.ok(bodies.every((body) => !body.includes(marker) && !body.includes('<Document')), 'a request carried the document');
    assert.ok(bodies.some((body) => body === JSON.stringify({ documentHash: hash })), 'no verification by hash was sent');
  });

  it('uploads an ISO 20022 CSV with a progress bar and follows its items to the ledger', async () => {
    const { text, uetrs } = withFreshUetrs(fixture('payments.csv'));
    const page = await open(sz, 'submitter');
    await page.click('nav a[href="#/submissions"]');
    // The fixture's third row has a line break in its remittance text: the file is refused whole, with the reason.
    await page.setInputFiles('#upload-file', { name: 'payments.csv', mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
    await page.click('form[aria-labelledby=upload-title] button[type=submit]');
    await waitForText(page, 'form[aria-labelledby=upload-title] [role=alert]', /1 of 3 sides refused[\s\S]*row\[2\]\.remittanceInformation[\s\S]*control characters/);
    const mended = text.replace('2025-114\ncotton', '2025-114 cotton');
    await page.setInputFiles('#upload-file', { name: 'payments.csv', mimeType: 'text/csv', buffer: Buffer.from(mended, 'utf8') });
    await page.click('form[aria-labelledby=upload-title] button[type=submit]');
    await waitForText(page, '[data-testid=upload-outcome]', new RegExp(`Accepted: submission .*, ${uetrs.length} items`));
    // The bar reached its end: every byte of the file was sent.
    assert.equal(await page.evaluate<number>('document.querySelector("[data-testid=upload-progress]").position'), 1);
    for (const sent of uetrs) await page.waitForSelector(`[data-testid=items] tr:has-text("${sent}") .item.COMMITTED`, { timeout: 90_000 });
    await check(page, 'sz-submissions');
  });

  it('shows a MOBank analyst nothing of the SZ-HK payment', async () => {
    // In Simplified Chinese, as the browser's language says.
    const page = await open(mo, 'submitter', 'zh-CN');
    await waitForText(page, '[data-testid=who]', /澳门|Macau.*银行.*提交者/);
    const answers: { url: string; status: number; body: string }[] = [];
    page.on('response', (response) => {
      void response.text().then((body) => answers.push({ url: response.url(), status: response.status(), body }), () => undefined);
    });
    await page.waitForSelector('[data-testid=breaks], .count');
    await check(page, 'mo-breaks-zh-hans');
    assert.equal(await page.locator(`tr[data-uetr="${uetr}"]`).count(), 0);
    await page.goto(`${mo.url}/console/#/payments/${uetr}`);
    await page.waitForSelector('[data-testid=not-found]');
    await check(page, 'mo-payment');
    const shown = await page.locator('main').innerText();
    await waitForText(page, '[data-testid=not-found]', /本机构没有该 UETR 的付款/);
    for (const secret of [szAmount, hkAmount, 'Shenzhen Precision Parts', 'Kowloon Components', 'interbankSettlementAmount', '已解决', 'SZ->HK']) {
      assert.ok(!shown.includes(secret), `MOBank's console shows '${secret}'`);
    }
    await page.waitForTimeout(500);
    // The only answers naming the UETR are the refusals of the requests that asked for it.
    const naming = answers.filter((answer) => answer.body.includes(uetr));
    assert.ok(naming.length > 0 && naming.every((answer) => answer.url.includes(uetr) && answer.status === 404), JSON.stringify(naming));
  });
});
