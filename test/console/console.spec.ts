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

/**
 * The console in a real browser (Debian's Chromium through playwright-core), each org's console served by its own
 * API instance on the real network: two banks' analysts resolve a discrepancy, the regulator finds it, a document
 * is verified by drop, and a third bank sees nothing of the payment. Every view passes axe and is photographed.
 */
describe('the console in a browser (real API processes on the network)', function () {
  // Four instances replay the ledger as they start, one after the other: minutes on a busy two-core machine.
  this.timeout(600_000);
  let sz: ApiInstance;
  let hk: ApiInstance;
  let mo: ApiInstance;
  let regulator: ApiInstance;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const uetr = newUetr();
  // A settlement day of its own, so the regulator's views list this payment among few, on a reused network too.
  const settlementDate = `2031-${String(randomInt(1, 13)).padStart(2, '0')}-${String(randomInt(1, 29)).padStart(2, '0')}`;
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
    // One after the other: four instances replaying the ledger at once can starve each other's first answer on two cores.
    sz = await startApi('SZBank', { port: 3141 });
    hk = await startApi('HKBank', { port: 3142 });
    mo = await startApi('MOBank', { port: 3143 });
    regulator = await startApi('Regulator', { port: 3144 });
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
    await Promise.all([sz, hk, mo, regulator].filter(Boolean).map((api) => api.dispose()));
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
    assert.match(fields, new RegExp(`interbankSettlementAmount\\s+${szAmount} HKD\\s+${hkAmount} HKD\\s+≠`));
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

  it('the regulator finds the resolved payment in the corridor view, its ledger history and the end-of-day report', async () => {
    const page = await open(regulator, 'viewer');
    await waitForText(page, '[data-testid=who]', /Regulator/);
    const day = `[data-testid=flows] tr[data-corridor="SZ->HK"][data-date="${settlementDate}"]`;
    await page.waitForSelector(day, { timeout: 60_000 });
    assert.match(await page.locator(day).innerText(), /SZ->HK\s+\S+\s+1\s+0\s+1\s+0/);
    await page.click(`${day} button`);
    const line = `[data-testid=day-payments] tr[data-uetr="${uetr}"]`;
    await page.waitForSelector(line);
    assert.match(await page.locator(line).innerText(), /SZBank\s+HKBank\s+Resolved\s+interbankSettlementAmount/);
    await check(page, 'regulator-corridors');

    await page.click(`${line} a`);
    await waitForText(page, '[data-testid=status]', /Resolved/);
    const versions = await page.locator('[data-testid=ledger-history] tbody tr').count();
    assert.ok(versions >= 4, `the ledger history shows ${versions} versions (two sides, two acceptances)`);
    // Names only for the regulator: no amount appears anywhere on its page.
    const text = await page.locator('main').innerText();
    assert.ok(!text.includes(szAmount) && !text.includes(hkAmount), 'the regulator\'s console shows an amount');
    await check(page, 'regulator-payment');

    await page.click('nav a[href="#/report"]');
    await page.fill('input[type=date]', settlementDate);
    await page.selectOption('form select', 'SZ->HK');
    await page.click('form button[type=submit]');
    const reportLine = `[data-testid=report] tr[data-uetr="${uetr}"]`;
    await page.waitForSelector(reportLine);
    assert.match(await page.locator(reportLine).innerText(), /SZ->HK[\s\S]*Resolved/);
    await check(page, 'regulator-report');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=Download CSV')]);
    const csv = readFileSync(await download.path(), 'utf8');
    assert.equal(download.suggestedFilename(), `end-of-day-${settlementDate}-SZ-HK.csv`);
    assert.match(csv, new RegExp(`^settlement_date,corridor,uetr,[\\s\\S]*\\r\\n${settlementDate},SZ->HK,${uetr},pacs.008,SZBankMSP,HKBankMSP,RESOLVED,`));
    const [json] = await Promise.all([page.waitForEvent('download'), page.click('text=Download JSON')]);
    const report = JSON.parse(readFileSync(await json.path(), 'utf8')) as { payments: { uetr: string; status: string }[] };
    assert.deepEqual(report.payments.map((entry) => [entry.uetr, entry.status]), [[uetr, 'RESOLVED']]);

    await page.click('nav a[href="#/breaks"]');
    await page.waitForSelector('[data-testid=live]');
    await check(page, 'regulator-breaks');
    // A regulator looks documents up; it has no verification to log, and no anchor form.
    await page.click('nav a[href="#/documents"]');
    await dropFile(page, '[data-testid=drop]', 'unknown.bin', Buffer.from(uetr));
    await page.click('text=Look up the anchor');
    await waitForText(page, '[data-testid=result]', /Not anchored: UNKNOWN/);
    assert.equal(await page.locator('form[aria-labelledby=anchor-title]').count(), 0);
    await check(page, 'regulator-documents');
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
