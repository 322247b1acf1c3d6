/**
 * Checks made on raw XML before any parser sees it. fast-xml-parser expands internal entities by default and
 * has no switch to refuse a DOCTYPE, so a DOCTYPE or ENTITY declaration is refused here, in the text, before
 * parsing; so are inputs too big, too deep or with too many elements, and anything not UTF-8.
 */
import { refuse, type ProblemContext } from './ingest-error';

export interface IngestLimits {
  /** Input size in bytes (UTF-8). */
  readonly maxBytes: number;
  /** Element nesting depth, counting the root as 1. */
  readonly maxDepth: number;
  /** Elements in the whole input. */
  readonly maxElements: number;
  /** Transactions (CdtTrfTxInf, TxInfAndSts, Ntry) per message, data rows per CSV file. */
  readonly maxTransactions: number;
}

/**
 * Defaults sized for the demo's batch of a few thousand CBPR+-style transactions (about 1 KiB and 40 elements
 * each) with room to spare; the deepest real structure (camt.053 TxDtls/RltdPties/…/SchmeNm/Cd inside an
 * envelope) is under 20 levels.
 */
export const DEFAULT_LIMITS: IngestLimits = {
  maxBytes: 5 * 1024 * 1024,
  maxDepth: 32,
  maxElements: 250_000,
  maxTransactions: 10_000,
};

export function resolveLimits(overrides: Partial<IngestLimits> = {}): IngestLimits {
  const limits = { ...DEFAULT_LIMITS, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    // A zero or NaN limit would silently switch a guard off (cf. CVE-2026-33349 in fast-xml-parser).
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`ingest limit ${name} must be a positive integer, got ${value}`);
  }
  return limits;
}

/** Property names that must never become object keys, whatever a parser does with them. */
const DANGEROUS_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

const UTF8_BOM = '\uFEFF';
const XML_DECLARATION = /^<\?xml\s[^?]*\?>/;
/** Characters XML 1.0 forbids, and unpaired surrogates (only possible when a string, not bytes, was given). */
const FORBIDDEN_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Turns the request body into text: bytes must be UTF-8 (a UTF-16 or UTF-32 byte order mark, or any invalid
 * sequence, is refused); the size limit applies to the bytes, before decoding.
 */
export function decodeInput(input: string | Uint8Array, limits: IngestLimits, context: ProblemContext): string {
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (size > limits.maxBytes) refuse('TOO_LARGE', `input is ${size} bytes; at most ${limits.maxBytes} accepted`, context);
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    if ((input[0] === 0xfe && input[1] === 0xff) || (input[0] === 0xff && input[1] === 0xfe) || (input[0] === 0 && input[1] === 0)) {
      refuse('MALFORMED', 'input is UTF-16 or UTF-32; only UTF-8 is accepted', context);
    }
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(input);
    } catch {
      refuse('MALFORMED', 'input is not valid UTF-8', context);
    }
  }
  const forbidden = FORBIDDEN_CHARACTERS.exec(text);
  if (forbidden !== null) {
    refuse('MALFORMED', `character U+${forbidden[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML or CSV`, context, '(document)', lineAt(text, forbidden.index));
  }
  return text.startsWith(UTF8_BOM) ? text.slice(1) : text;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
}

/**
 * Refuses what must never reach the parser. Scans the text once, tracking depth and element count the way a
 * parser would (skipping comments, CDATA sections, processing instructions and quoted attribute values), so
 * that the limits hold before any tree is built.
 */
export function guardXml(text: string, limits: IngestLimits, context: ProblemContext): void {
  // Anywhere, in any case, even inside comments: a DOCTYPE has no business in a payment message, and refusing
  // it outright is simpler to trust than reasoning about where a parser would act on it.
  const declaration = /<!DOCTYPE|<!ENTITY/i.exec(text);
  if (declaration !== null) {
    refuse('UNSAFE', `${declaration[0].toUpperCase()} declarations are refused (no DTDs or entities in ISO 20022 messages)`, context, '(document)', lineAt(text, declaration.index));
  }
  const xmlDeclaration = XML_DECLARATION.exec(text);
  if (xmlDeclaration !== null) {
    const encoding = /\sencoding\s*=\s*["']([^"']*)["']/.exec(xmlDeclaration[0]);
    if (encoding !== null && !/^utf-?8$/i.test(encoding[1])) {
      refuse('MALFORMED', `declared encoding ${JSON.stringify(encoding[1].slice(0, 40))} refused; only UTF-8 is accepted`, context, '(document)', 1);
    }
  }
  scanMarkup(text, limits, context);
}

function scanMarkup(text: string, limits: IngestLimits, context: ProblemContext): void {
  function malformed(reason: string, at: number): never {
    return refuse('MALFORMED', reason, context, '(document)', lineAt(text, at));
  }
  function skipTo(from: number, terminator: string, what: string): number {
    const end = text.indexOf(terminator, from);
    return end === -1 ? malformed(`unterminated ${what}`, from) : end + terminator.length;
  }
  let depth = 0;
  let elements = 0;
  let i = text.indexOf('<');
  while (i !== -1) {
    if (text.startsWith('<!--', i)) {
      i = skipTo(i + 4, '-->', 'comment');
    } else if (text.startsWith('<![CDATA[', i)) {
      i = skipTo(i + 9, ']]>', 'CDATA section');
    } else if (text.startsWith('<?', i)) {
      i = skipTo(i + 2, '?>', 'processing instruction');
    } else if (text.startsWith('</', i)) {
      depth -= 1;
      i = skipTo(i + 2, '>', 'end tag');
    } else if (text.startsWith('<!', i)) {
      malformed('markup declarations are not accepted', i);
    } else {
      const nameMatch = /^<([^\s/>]+)/.exec(text.slice(i, i + 256));
      if (nameMatch === null) malformed('a "<" that starts no element', i);
      const name = nameMatch[1];
      const localName = name.slice(name.indexOf(':') + 1);
      if (DANGEROUS_NAMES.has(localName)) refuse('UNSAFE', `element name ${JSON.stringify(name)} is refused`, context, '(document)', lineAt(text, i));
      const end = endOfStartTag(text, i + nameMatch[0].length);
      if (end === -1) malformed(`unterminated start tag <${name.slice(0, 40)}>`, i);
      elements += 1;
      if (elements > limits.maxElements) refuse('TOO_LARGE', `more than ${limits.maxElements} elements`, context, '(document)', lineAt(text, i));
      if (text[end - 1] !== '/') {
        depth += 1;
        if (depth > limits.maxDepth) refuse('TOO_LARGE', `elements nested more than ${limits.maxDepth} deep`, context, '(document)', lineAt(text, i));
      }
      i = end + 1;
    }
    i = text.indexOf('<', i);
  }
}

/** Index of the '>' closing a start tag, honouring quoted attribute values (which may contain '>'), or -1. */
function endOfStartTag(text: string, from: number): number {
  let quoteChar = '';
  for (let i = from; i < text.length; i += 1) {
    const c = text[i];
    if (quoteChar !== '') {
      if (c === quoteChar) quoteChar = '';
    } else if (c === '"' || c === "'") {
      quoteChar = c;
    } else if (c === '>') {
      return i;
    } else if (c === '<') {
      return -1;
    }
  }
  return -1;
}
