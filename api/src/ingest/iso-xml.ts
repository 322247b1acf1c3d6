/**
 * From guarded text to an ISO 20022 message: a namespace-aware element tree, the message type from the
 * Document namespace (or the AppHdr's MsgDefIdr), and a reader that maps fields by ISO element names while
 * collecting every problem with its path.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { checkBic, checkDateTime, checkText, type Checked } from './fields';
import { Problems, refuse, type ProblemContext } from './ingest-error';
import { decodeInput, guardXml, resolveLimits, type IngestLimits } from './xml-guard';

/** An element with its namespace resolved; children in document order, so a repeat is never collapsed. */
export interface XmlElement {
  /** Local name, without prefix. */
  readonly name: string;
  /** Namespace URI in scope for the element's prefix, or '' when none. */
  readonly namespace: string;
  /** Unprefixed attributes by name (ISO 20022 puts only `Ccy` there; xmlns and xsi:* are left out). */
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly XmlElement[];
  /** The element's own character data, entity references decoded, not trimmed. */
  readonly text: string;
}

export type IsoMessageType = 'pacs.008' | 'pacs.009' | 'pacs.002' | 'camt.053' | 'camt.054';

export interface MessageDefinition {
  /** e.g. `pacs.008.001.08` */
  readonly id: string;
  readonly type: IsoMessageType;
  readonly version: number;
}

/** What the business application header (head.001) said, when there was one. */
export interface BusinessHeader {
  readonly fromBic?: string;
  readonly toBic?: string;
  readonly businessMessageId?: string;
  readonly messageDefinitionId?: string;
  readonly businessService?: string;
  readonly creationDate?: string;
  /** COPY, CODU or DUPL: the API decides what a copy or duplicate means for idempotency. */
  readonly copyDuplicate?: string;
  readonly possibleDuplicate?: boolean;
}

/** A located message: its definition, its AppHdr if any, and the message element (child of Document). */
export interface IsoMessage {
  readonly definition: MessageDefinition;
  readonly appHdr?: XmlElement;
  readonly message: XmlElement;
  readonly context: ProblemContext;
}

/** The group header fields every supported message has, checked against the AppHdr. */
export interface MessageHeader {
  readonly definition: MessageDefinition;
  readonly messageId: string;
  readonly creationDateTime?: string;
  readonly businessHeader?: BusinessHeader;
}

export interface ParseOptions {
  readonly limits?: Partial<IngestLimits>;
  /** Label put on every problem (file or part name). */
  readonly document?: string;
  readonly messageIndex?: number;
}

/** The message element each supported type must have under Document, and the oldest version accepted. */
const SUPPORTED: Readonly<Record<IsoMessageType, { readonly element: string; readonly minVersion: number; readonly why: string }>> = {
  'pacs.008': { element: 'FIToFICstmrCdtTrf', minVersion: 8, why: 'PmtId/UETR exists from version 08' },
  'pacs.009': { element: 'FICdtTrf', minVersion: 8, why: 'PmtId/UETR exists from version 08' },
  'pacs.002': { element: 'FIToFIPmtStsRpt', minVersion: 10, why: 'OrgnlUETR exists from version 10' },
  'camt.053': { element: 'BkToCstmrStmt', minVersion: 2, why: 'older versions are not ISO 20022 2009+' },
  'camt.054': { element: 'BkToCstmrDbtCdtNtfctn', minVersion: 2, why: 'older versions are not ISO 20022 2009+' },
};

const ISO_NAMESPACE = /^urn:iso:std:iso:20022:tech:xsd:([a-z]{4}\.\d{3})\.(\d{3})\.(\d{2})$/;
const MESSAGE_DEFINITION_ID = /^([a-z]{4}\.\d{3})\.(\d{3})\.(\d{2})$/;
/** head.001 in any version, and SWIFT's legacy AppHdr namespace. */
const APPHDR_NAMESPACE = /^(urn:iso:std:iso:20022:tech:xsd:head\.001\.\d{3}\.\d{2}|urn:swift:xsd:\$ahV10)$/;
/** How deep under a wrapper (Envelope, BusMsgEnvlp, Saa:DataPDU/Saa:Body) AppHdr and Document are looked for. */
const MAX_WRAPPER_DEPTH = 4;

function isSupportedType(type: string): type is IsoMessageType {
  return Object.prototype.hasOwnProperty.call(SUPPORTED, type);
}

/**
 * Parses guarded text into an element tree. Options keep every value a string exactly as sent
 * (parseTagValue off: `000123` and `300000.50` must not become numbers), keep attributes (`Ccy`), and leave
 * entities alone (processEntities off): the five predefined entities and character references are decoded
 * here instead, where an invalid one can be refused. preserveOrder gives every element as a list entry, so
 * one-vs-many repeats need no isArray list and a repeated 1..1 element is seen rather than merged; namespace
 * prefixes are kept and resolved here (removeNSPrefix would lose a prefixed Document's namespace, which is
 * how the message type is told).
 */
export function parseXmlTree(text: string, limits: IngestLimits, context: ProblemContext): XmlElement {
  guardXml(text, limits, context);
  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    refuse('MALFORMED', `not well-formed XML: ${validation.err.msg}`, context, '(document)', validation.err.line);
  }
  let nodes: unknown;
  try {
    nodes = new XMLParser({
      preserveOrder: true,
      ignoreAttributes: false,
      attributeNamePrefix: '@_',
      removeNSPrefix: false,
      parseTagValue: false,
      parseAttributeValue: false,
      processEntities: false,
      htmlEntities: false,
      trimValues: false,
      cdataPropName: '#cdata',
      ignoreDeclaration: true,
      ignorePiTags: true,
      maxNestedTags: limits.maxDepth + 1,
    }).parse(text);
  } catch (error) {
    refuse('MALFORMED', `not well-formed XML: ${error instanceof Error ? error.message : String(error)}`, context);
  }
  const roots = elementEntries(nodes);
  if (roots.length !== 1) refuse('MALFORMED', `the document has ${roots.length} root elements; exactly one is required`, context);
  return toElement(roots[0], new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]), context);
}

type RawNode = Record<string, unknown>;

function isRawNode(value: unknown): value is RawNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The tag name of a preserveOrder entry (its one key other than ':@'). */
function tagOf(node: RawNode): string | undefined {
  return Object.keys(node).find((key) => key !== ':@');
}

function elementEntries(nodes: unknown): RawNode[] {
  if (!Array.isArray(nodes)) return [];
  return nodes.filter((node): node is RawNode => {
    if (!isRawNode(node)) return false;
    const tag = tagOf(node);
    return tag !== undefined && tag !== '#text' && tag !== '#cdata';
  });
}

function toElement(node: RawNode, inheritedScope: ReadonlyMap<string, string>, context: ProblemContext): XmlElement {
  const qualifiedName = tagOf(node) ?? '';
  const rawAttributes = isRawNode(node[':@']) ? node[':@'] : {};
  const scope = new Map(inheritedScope);
  const attributes = new Map<string, string>();
  for (const [key, raw] of Object.entries(rawAttributes)) {
    const name = key.slice('@_'.length);
    const value = decodeReferences(String(raw), qualifiedName, context);
    if (name === 'xmlns') scope.set('', value);
    else if (name.startsWith('xmlns:')) scope.set(name.slice('xmlns:'.length), value);
    else if (!name.includes(':')) attributes.set(name, value);
  }
  const colon = qualifiedName.indexOf(':');
  const prefix = colon === -1 ? '' : qualifiedName.slice(0, colon);
  const namespace = scope.get(prefix);
  if (namespace === undefined && prefix !== '') refuse('MALFORMED', `namespace prefix ${JSON.stringify(prefix)} is not declared`, context, qualifiedName);
  const children: XmlElement[] = [];
  let text = '';
  const content = node[qualifiedName];
  for (const child of Array.isArray(content) ? content : []) {
    if (!isRawNode(child)) continue;
    const tag = tagOf(child);
    if (tag === '#text') text += decodeReferences(String(child['#text']), qualifiedName, context);
    else if (tag === '#cdata') text += cdataText(child['#cdata']);
    else if (tag !== undefined) children.push(toElement(child, scope, context));
  }
  return { name: qualifiedName.slice(colon + 1), namespace: namespace ?? '', attributes, children, text };
}

function cdataText(content: unknown): string {
  if (!Array.isArray(content)) return '';
  return content.map((part) => (isRawNode(part) && typeof part['#text'] === 'string' ? part['#text'] : '')).join('');
}

const PREDEFINED_ENTITIES: ReadonlyMap<string, string> = new Map([
  ['lt', '<'], ['gt', '>'], ['amp', '&'], ['quot', '"'], ['apos', "'"],
]);

/** XML 1.0 Char production: what a character reference may name. */
function isXmlChar(codePoint: number): boolean {
  return codePoint === 0x9 || codePoint === 0xa || codePoint === 0xd
    || (codePoint >= 0x20 && codePoint <= 0xd7ff) || (codePoint >= 0xe000 && codePoint <= 0xfffd)
    || (codePoint >= 0x10000 && codePoint <= 0x10ffff);
}

/**
 * Decodes the predefined entities and character references in one linear pass; nothing decoded is scanned
 * again, so no reference can expand into more references. Any other entity name is refused (with DOCTYPE
 * refused, it could only be undeclared).
 */
function decodeReferences(raw: string, where: string, context: ProblemContext): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;&\s]{0,12});?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) refuse('MALFORMED', 'a bare "&" (write &amp;)', context, where);
    const predefined = PREDEFINED_ENTITIES.get(name);
    if (predefined !== undefined) return predefined;
    const numeric = /^#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}))$/.exec(name);
    if (numeric === null) refuse('MALFORMED', `entity reference ${JSON.stringify(whole)} is not allowed`, context, where);
    const codePoint = numeric[1] !== undefined ? parseInt(numeric[1], 16) : parseInt(numeric[2], 10);
    if (!isXmlChar(codePoint)) refuse('MALFORMED', `character reference ${JSON.stringify(whole)} names no XML character`, context, where);
    return String.fromCodePoint(codePoint);
  });
}

/** Elements named `name` at most `depth` levels down (breadth-first), stopping at each match. */
function findByName(root: XmlElement, name: string, depth: number): XmlElement[] {
  const found: XmlElement[] = [];
  let level: readonly XmlElement[] = [root];
  for (let d = 0; d <= depth && level.length > 0; d += 1) {
    const next: XmlElement[] = [];
    for (const element of level) {
      if (element.name === name) found.push(element);
      else next.push(...element.children);
    }
    level = next;
  }
  return found;
}

/**
 * Parses an ISO 20022 message: raw bytes or text in, the located message out. Accepts a bare Document, or
 * AppHdr and Document under any wrapper element, with any namespace prefixes. The type comes from the
 * Document namespace, else from AppHdr/MsgDefIdr; when both are there they must agree.
 */
export function parseIsoMessage(input: string | Uint8Array, options: ParseOptions = {}): IsoMessage {
  const limits = resolveLimits(options.limits);
  const context: ProblemContext = {
    ...(options.document === undefined ? {} : { document: options.document }),
    ...(options.messageIndex === undefined ? {} : { messageIndex: options.messageIndex }),
  };
  const text = decodeInput(input, limits, context);
  const root = parseXmlTree(text, limits, context);

  const documents = findByName(root, 'Document', MAX_WRAPPER_DEPTH);
  if (documents.length !== 1) {
    refuse('UNSUPPORTED', documents.length === 0 ? 'no ISO 20022 Document element found' : `${documents.length} Document elements found; one message per input`, context, 'Document');
  }
  const document = documents[0];
  const appHdrs = findByName(root, 'AppHdr', MAX_WRAPPER_DEPTH).filter((element) => element !== document);
  if (appHdrs.length > 1) refuse('UNSUPPORTED', `${appHdrs.length} AppHdr elements found; one message per input`, context, 'AppHdr');
  const appHdr = appHdrs[0];
  if (appHdr !== undefined && appHdr.namespace !== '' && !APPHDR_NAMESPACE.test(appHdr.namespace)) {
    refuse('UNSUPPORTED', `AppHdr namespace ${JSON.stringify(appHdr.namespace.slice(0, 80))} is not head.001`, context, 'AppHdr');
  }

  const definition = detectDefinition(document, appHdr, context);
  const expected = SUPPORTED[definition.type];
  const messageElements = document.children;
  if (messageElements.length !== 1 || messageElements[0].name !== expected.element) {
    refuse('MALFORMED', `a ${definition.id} Document must hold exactly one ${expected.element} element`, context, 'Document');
  }
  return { definition, ...(appHdr === undefined ? {} : { appHdr }), message: messageElements[0], context };
}

function detectDefinition(document: XmlElement, appHdr: XmlElement | undefined, context: ProblemContext): MessageDefinition {
  const fromNamespace = ISO_NAMESPACE.exec(document.namespace);
  if (document.namespace !== '' && fromNamespace === null) {
    refuse('UNSUPPORTED', `Document namespace ${JSON.stringify(document.namespace.slice(0, 80))} is not an ISO 20022 message namespace`, context, 'Document/@xmlns');
  }
  const msgDefIdr = appHdr === undefined ? undefined : textAt(appHdr, ['MsgDefIdr']);
  const fromHeader = msgDefIdr === undefined ? null : MESSAGE_DEFINITION_ID.exec(msgDefIdr);
  if (msgDefIdr !== undefined && fromHeader === null) {
    refuse('INVALID', `${JSON.stringify(msgDefIdr.slice(0, 40))} is not a message definition identifier`, context, 'AppHdr/MsgDefIdr');
  }
  const match = fromNamespace ?? fromHeader;
  if (match === null) refuse('UNSUPPORTED', 'message type unknown: the Document has no namespace and there is no AppHdr/MsgDefIdr', context, 'Document');
  const id = `${match[1]}.${match[2]}.${match[3]}`;
  if (fromNamespace !== null && fromHeader !== null && fromHeader[0] !== id) {
    refuse('INVALID', `AppHdr/MsgDefIdr ${fromHeader[0]} does not match the Document namespace (${id})`, context, 'AppHdr/MsgDefIdr');
  }
  const type = match[1];
  if (!isSupportedType(type)) refuse('UNSUPPORTED', `${id} is not accepted; send pacs.008, pacs.009, pacs.002, camt.053 or camt.054`, context, 'Document');
  const version = Number(match[3]);
  if (match[2] !== '001' || version < SUPPORTED[type].minVersion) {
    refuse('UNSUPPORTED', `${id} is not accepted: ${type} from version 001.${String(SUPPORTED[type].minVersion).padStart(2, '0')} (${SUPPORTED[type].why})`, context, 'Document');
  }
  return { id, type, version };
}

function textAt(element: XmlElement, path: readonly string[]): string | undefined {
  let current: XmlElement | undefined = element;
  for (const name of path) current = current?.children.find((child) => child.name === name);
  return current === undefined ? undefined : current.text.trim();
}

/**
 * Reads fields of one element by ISO 20022 element names, recording a problem (with the full path) for each
 * missing, repeated, empty or invalid value instead of stopping, so that a refusal lists everything wrong.
 */
export class Fields {
  constructor(
    readonly element: XmlElement,
    readonly path: string,
    readonly problems: Problems,
  ) {}

  /** Path of a descendant; '' is this element itself. */
  pathOf(relative: string): string {
    if (relative === '') return this.path;
    return this.path === '' ? relative : `${this.path}/${relative}`;
  }

  /** The single element at a relative path like `PmtId/UETR`, or undefined; a repeated step is a problem. */
  find(relative: string): Fields | undefined {
    if (relative === '') return this;
    let current: Fields = this;
    for (const name of relative.split('/')) {
      const matches = current.element.children.filter((child) => child.name === name);
      const path = current.pathOf(name);
      if (matches.length === 0) return undefined;
      if (matches.length > 1) {
        this.problems.add(path, `appears ${matches.length} times; at most once allowed`);
        return undefined;
      }
      current = new Fields(matches[0], path, this.problems);
    }
    return current;
  }

  /** Every direct child named `name`, with 0-based positions in their paths. */
  all(name: string): Fields[] {
    return this.element.children
      .filter((child) => child.name === name)
      .map((child, index) => new Fields(child, this.pathOf(`${name}[${index}]`), this.problems));
  }

  /** Trimmed text of a leaf element; padded values are common and meaningless. */
  text(relative: string, required = false): string | undefined {
    const found = this.find(relative);
    if (found === undefined) {
      if (required) this.problems.add(this.pathOf(relative), 'is missing');
      return undefined;
    }
    if (found.element.children.length > 0) {
      this.problems.add(found.path, 'must hold a value, not elements');
      return undefined;
    }
    const value = found.element.text.trim();
    if (value === '') {
      this.problems.add(found.path, 'is empty');
      return undefined;
    }
    return value;
  }

  /** An attribute of this element (e.g. `Ccy`), trimmed. */
  attribute(name: string, required = false): string | undefined {
    const value = this.element.attributes.get(name)?.trim();
    if (value === undefined || value === '') {
      if (required) this.problems.add(this.pathOf(`@${name}`), value === undefined ? 'is missing' : 'is empty');
      return undefined;
    }
    return value;
  }

  /** Applies a check to a value read from `relative`; records its reason and returns undefined if refused. */
  checked<T extends string>(relative: string, value: string | undefined, check: (value: string) => Checked<T>): T | undefined {
    if (value === undefined) return undefined;
    const result = check(value);
    if ('reason' in result) {
      this.problems.add(this.pathOf(relative), result.reason);
      return undefined;
    }
    return result.value;
  }

  /** Text at `relative`, checked. */
  value<T extends string>(relative: string, check: (value: string) => Checked<T>, required = false): T | undefined {
    return this.checked(relative, this.text(relative, required), check);
  }
}

/**
 * Reads GrpHdr/MsgId and CreDtTm and the AppHdr, and checks that they agree (BizMsgIdr = MsgId). Problems go to
 * `problems`; the returned message id is undefined only when MsgId itself was bad.
 */
export function readMessageHeader(message: IsoMessage, problems: Problems): { header?: MessageHeader; messageId?: string } {
  const groupHeader = new Fields(message.message, '', problems).find('GrpHdr');
  if (groupHeader === undefined) {
    problems.add('GrpHdr', 'is missing');
    return {};
  }
  const messageId = groupHeader.value('MsgId', (v) => checkText(v, 35), true);
  const creationDateTime = groupHeader.value('CreDtTm', checkDateTime);
  let businessHeader: BusinessHeader | undefined;
  if (message.appHdr !== undefined) {
    const app = new Fields(message.appHdr, 'AppHdr', problems);
    const businessMessageId = app.value('BizMsgIdr', (v) => checkText(v, 35), true);
    if (businessMessageId !== undefined && messageId !== undefined && businessMessageId !== messageId) {
      problems.add('AppHdr/BizMsgIdr', `${JSON.stringify(businessMessageId)} differs from GrpHdr/MsgId ${JSON.stringify(messageId)}`);
    }
    const possibleDuplicate = app.text('PssblDplct');
    businessHeader = {
      fromBic: app.value('Fr/FIId/FinInstnId/BICFI', checkBic),
      toBic: app.value('To/FIId/FinInstnId/BICFI', checkBic),
      businessMessageId,
      messageDefinitionId: app.text('MsgDefIdr'),
      businessService: app.text('BizSvc'),
      creationDate: app.value('CreDt', checkDateTime),
      copyDuplicate: app.checked('CpyDplct', app.text('CpyDplct'), (v) => (['COPY', 'CODU', 'DUPL'].includes(v) ? { value: v } : { reason: `${JSON.stringify(v)} is not COPY, CODU or DUPL` })),
      possibleDuplicate: possibleDuplicate === undefined ? undefined : possibleDuplicate === 'true' || possibleDuplicate === '1',
    };
  }
  if (messageId === undefined) return {};
  return {
    messageId,
    header: {
      definition: message.definition,
      messageId,
      ...(creationDateTime === undefined ? {} : { creationDateTime }),
      ...(businessHeader === undefined ? {} : { businessHeader: withoutUndefined(businessHeader) }),
    },
  };
}

/** Drops undefined members so records compare and serialise the same however they were built. */
export function withoutUndefined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}

/** Refuses a message of another type than the parser called expects. */
export function expectType(message: IsoMessage, type: IsoMessageType): IsoMessage {
  if (message.definition.type !== type) refuse('UNSUPPORTED', `expected ${type}, got ${message.definition.id}`, message.context, 'Document');
  return message;
}

/** Refuses a message with more transactions than the limit, before reading any of them. */
export function assertTransactionCount(count: number, message: IsoMessage, options: ParseOptions, what: string): void {
  const { maxTransactions } = resolveLimits(options.limits);
  if (count > maxTransactions) refuse('TOO_LARGE', `${count} ${what}; at most ${maxTransactions} per message`, message.context, what);
}
