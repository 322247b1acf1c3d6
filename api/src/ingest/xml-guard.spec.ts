import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IngestError } from './ingest-error';
import { parseIsoMessage } from './iso-xml';
import { DEFAULT_LIMITS, resolveLimits } from './xml-guard';

export const FIXTURES = path.join(__dirname, '../../fixtures/iso20022');
export const fixture = (name: string): Buffer => fs.readFileSync(path.join(FIXTURES, name));

/** Runs `action`, which must throw an IngestError, and returns it. */
export function refusal(action: () => unknown): IngestError {
  try {
    action();
  } catch (error) {
    if (error instanceof IngestError) return error;
    throw new assert.AssertionError({ message: `expected an IngestError, got ${String(error)}` });
  }
  throw new assert.AssertionError({ message: 'expected an IngestError, but the input was accepted' });
}

const minimal = (inner = ''): string =>
  `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.002.001.10"><FIToFIPmtStsRpt>${inner}</FIToFIPmtStsRpt></Document>`;

describe('XML guard', () => {
  it('refuses the XXE fixture before parsing', () => {
    const error = refusal(() => parseIsoMessage(fixture('xxe.xml'), { document: 'xxe.xml' }));
    assert.equal(error.kind, 'UNSAFE');
    assert.equal(error.problems[0].document, 'xxe.xml');
    assert.equal(error.problems[0].line, 2);
    assert.match(error.problems[0].reason, /DOCTYPE/);
  });

  it('refuses the billion-laughs fixture (lowercase doctype)', () => {
    assert.equal(refusal(() => parseIsoMessage(fixture('billion-laughs.xml'))).kind, 'UNSAFE');
  });

  it('refuses a DOCTYPE or ENTITY anywhere, even inside a comment', () => {
    assert.equal(refusal(() => parseIsoMessage(minimal('<!-- <!DocType x> -->'))).kind, 'UNSAFE');
    assert.equal(refusal(() => parseIsoMessage(minimal('<!-- <!entity x "y"> -->'))).kind, 'UNSAFE');
  });

  it('refuses entity references other than the five predefined ones', () => {
    const error = refusal(() => parseIsoMessage(minimal('<GrpHdr><MsgId>&nbsp;</MsgId></GrpHdr>')));
    assert.equal(error.kind, 'MALFORMED');
    assert.match(error.problems[0].reason, /entity reference "&nbsp;"/);
  });

  it('refuses character references to non-characters', () => {
    assert.equal(refusal(() => parseIsoMessage(minimal('<GrpHdr><MsgId>&#0;</MsgId></GrpHdr>'))).kind, 'MALFORMED');
    assert.equal(refusal(() => parseIsoMessage(minimal('<GrpHdr><MsgId>&#x110000;</MsgId></GrpHdr>'))).kind, 'MALFORMED');
  });

  it('refuses input over the size limit, counted in UTF-8 bytes', () => {
    const text = minimal(`<GrpHdr><MsgId>${'深'.repeat(400)}</MsgId></GrpHdr>`);
    const error = refusal(() => parseIsoMessage(text, { limits: { maxBytes: text.length + 100 } }));
    assert.equal(error.kind, 'TOO_LARGE');
    assert.match(error.problems[0].reason, /bytes/);
  });

  it('refuses nesting deeper than the limit before the parser sees it', () => {
    const deep = (depth: number) => minimal(`${'<X>'.repeat(depth)}${'</X>'.repeat(depth)}`);
    // Document and FIToFIPmtStsRpt are two levels: exactly at the limit passes, one more is refused.
    assert.doesNotThrow(() => parseIsoMessage(deep(DEFAULT_LIMITS.maxDepth - 2)));
    assert.equal(refusal(() => parseIsoMessage(deep(DEFAULT_LIMITS.maxDepth - 1))).kind, 'TOO_LARGE');
    assert.equal(refusal(() => parseIsoMessage(deep(100_000))).kind, 'TOO_LARGE');
  });

  it('refuses more elements than the limit', () => {
    const error = refusal(() => parseIsoMessage(minimal('<X/>'.repeat(50)), { limits: { maxElements: 40 } }));
    assert.equal(error.kind, 'TOO_LARGE');
    assert.match(error.problems[0].reason, /more than 40 elements/);
  });

  it('accepts UTF-8 only', () => {
    const declared = `<?xml version="1.0" encoding="ISO-8859-1"?>${minimal()}`;
    assert.match(refusal(() => parseIsoMessage(declared)).problems[0].reason, /only UTF-8/);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(minimal(), 'utf16le')]);
    assert.match(refusal(() => parseIsoMessage(utf16)).problems[0].reason, /UTF-16/);
    const broken = Buffer.concat([Buffer.from(minimal().slice(0, 20)), Buffer.from([0xc3, 0x28]), Buffer.from(minimal().slice(20))]);
    assert.match(refusal(() => parseIsoMessage(broken)).problems[0].reason, /not valid UTF-8/);
  });

  it('refuses prototype-polluting element names', () => {
    const error = refusal(() => parseIsoMessage(minimal('<__proto__><polluted>yes</polluted></__proto__>')));
    assert.equal(error.kind, 'UNSAFE');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(refusal(() => parseIsoMessage(minimal('<x:constructor xmlns:x="urn:x"/>'))).kind, 'UNSAFE');
  });

  it('refuses control characters and text that is not well-formed XML', () => {
    assert.equal(refusal(() => parseIsoMessage(minimal('<GrpHdr><MsgId>a\u0001b</MsgId></GrpHdr>'))).kind, 'MALFORMED');
    assert.equal(refusal(() => parseIsoMessage('<Document><A></Document>')).kind, 'MALFORMED');
    assert.equal(refusal(() => parseIsoMessage(`${minimal()}<Document/>`)).kind, 'MALFORMED');
    assert.equal(refusal(() => parseIsoMessage('{H:0123}<?xml version="1.0"?><Document/>')).kind, 'MALFORMED');
  });

  it('refuses limits that would switch a guard off', () => {
    assert.throws(() => resolveLimits({ maxDepth: 0 }), RangeError);
    assert.throws(() => resolveLimits({ maxBytes: Number.NaN }), RangeError);
  });
});
