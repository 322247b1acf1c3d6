import genesis from './consortium.json';

/**
 * The member directory: the consortium's jurisdictions and organisations, which org is which bank with which
 * BICs, and which regulator oversees which regulatory regime. The chaincode and the API decide "whose BIC is
 * this?", "which channel holds this pair's payments?" and "who may read them?" from this one table, and the
 * network scripts create channels from the same file (consortium.json), so none of them can disagree.
 */

/** A jurisdiction of the Greater Bay Area (a mainland city, Hong Kong, Macau) and the regime that regulates it. */
export interface Jurisdiction {
  code: string;
  name: string;
  regime: string;
}

export type OrgKind = 'bank' | 'regulator';

/** A member organisation as the directory holds it; its MSP id is its name followed by `MSP`. */
export interface DirectoryEntry {
  name: string;
  kind: OrgKind;
  displayName: string;
  /** Banks: the jurisdiction they are established in. */
  jurisdiction?: string;
  /** Banks: the BIC8 prefixes of the bank; any BIC11 branch code under one of them is the same bank. */
  bic8s?: string[];
  /** Regulators: the regulatory regime they oversee (every jurisdiction of that regime). */
  regime?: string;
}

/** MSP id of a member bank, the only kind of org that writes business records. */
export type MemberBankOrg = string;

export interface MemberBank {
  org: MemberBankOrg;
  jurisdiction: string;
  regime: string;
  displayName: string;
  bic8s: readonly string[];
}

export interface Regulator {
  org: string;
  regime: string;
  displayName: string;
}

interface Directory {
  jurisdictions: Jurisdiction[];
  orgs: DirectoryEntry[];
}

const DIRECTORY = genesis as unknown as Directory;

/** Every jurisdiction, in the directory's fixed order. */
export const JURISDICTIONS: readonly Jurisdiction[] = DIRECTORY.jurisdictions;

function jurisdiction(code: string): Jurisdiction | undefined {
  return JURISDICTIONS.find((candidate) => candidate.code === code);
}

/** The member banks, in the directory's fixed order (iteration over this array is deterministic). */
export const MEMBER_BANKS: readonly MemberBank[] = DIRECTORY.orgs.filter((org) => org.kind === 'bank').map((org) => ({
  org: `${org.name}MSP`,
  jurisdiction: org.jurisdiction as string,
  regime: (jurisdiction(org.jurisdiction as string) as Jurisdiction).regime,
  displayName: org.displayName,
  bic8s: org.bic8s ?? [],
}));

/** The regulators, one per regime, in the directory's order: they read, they never write business records. */
export const REGULATORS: readonly Regulator[] = DIRECTORY.orgs.filter((org) => org.kind === 'regulator').map((org) => ({
  org: `${org.name}MSP`,
  regime: org.regime as string,
  displayName: org.displayName,
}));

/** True when the MSP id is one of the member banks. */
export function isMemberBank(org: string): boolean {
  return MEMBER_BANKS.some((bank) => bank.org === org);
}

/** True when the MSP id is one of the regulators. */
export function isRegulator(org: string): boolean {
  return REGULATORS.some((regulator) => regulator.org === org);
}

/** True when the MSP id is a member bank or a regulator. */
export function isKnownOrg(org: string): boolean {
  return isMemberBank(org) || isRegulator(org);
}

/** The directory entry of a member bank. @throws Error when the org is not a member bank. */
export function memberBank(org: string): MemberBank {
  const bank = MEMBER_BANKS.find((candidate) => candidate.org === org);
  if (bank === undefined) {
    throw new Error(`'${org}' is not a member bank (expected one of ${MEMBER_BANKS.map((b) => b.org).join(', ')})`);
  }
  return bank;
}

/** The regulator of a regime. @throws Error when the directory names none. */
export function regulatorOf(regime: string): Regulator {
  const regulator = REGULATORS.find((candidate) => candidate.regime === regime);
  if (regulator === undefined) {
    throw new Error(`no regulator oversees regime '${regime}'`);
  }
  return regulator;
}

/** The regulator an org answers to: a bank's regime's, or the regulator itself. */
export function regimeOf(org: string): string {
  return isRegulator(org) ? (REGULATORS.find((regulator) => regulator.org === org) as Regulator).regime : memberBank(org).regime;
}

/** The first 8 characters of a BIC: the bank, whatever its branch code. */
export function bic8(bic: string): string {
  return bic.slice(0, 8);
}

/** The member bank that owns a BIC (compared on BIC8), or undefined when no member owns it. */
export function orgOfBic(bic: string): MemberBankOrg | undefined {
  const prefix = bic8(bic);
  return MEMBER_BANKS.find((bank) => bank.bic8s.includes(prefix))?.org;
}

/** A corridor is ordered: money flows from the debtor agent's jurisdiction to the creditor agent's. */
export function corridorOf(debtorAgentOrg: string, creditorAgentOrg: string): string {
  return `${memberBank(debtorAgentOrg).jurisdiction}->${memberBank(creditorAgentOrg).jurisdiction}`;
}

/**
 * Parses 'SZ->HK' into its two jurisdictions, or returns undefined when it is not a corridor: both must be
 * jurisdictions of the directory, of different regimes (bayrecon reconciles cross-border payments; a payment
 * within one regime clears through that regime's domestic system).
 */
export function parseCorridor(corridor: string): { from: Jurisdiction; to: Jurisdiction } | undefined {
  const match = /^([A-Z]{2})->([A-Z]{2})$/.exec(corridor);
  const from = match === null ? undefined : jurisdiction(match[1]);
  const to = match === null ? undefined : jurisdiction(match[2]);
  if (from === undefined || to === undefined || from.regime === to.regime) {
    return undefined;
  }
  return { from, to };
}

/** Every corridor some pair of member banks can pay along, in a fixed order. */
export function allCorridors(): string[] {
  const corridors = new Set<string>();
  for (const debtor of MEMBER_BANKS) {
    for (const creditor of MEMBER_BANKS) {
      if (debtor.regime !== creditor.regime) corridors.add(`${debtor.jurisdiction}->${creditor.jurisdiction}`);
    }
  }
  return [...corridors];
}

/** The member banks of a corridor's two jurisdictions, as [debtor side banks, creditor side banks]. */
export function corridorBanks(corridor: string): [MemberBankOrg[], MemberBankOrg[]] {
  const parsed = parseCorridor(corridor);
  if (parsed === undefined) {
    throw new Error(`corridor: '${corridor}' is not one of ${allCorridors().join(', ')}`);
  }
  const banksIn = (code: string) => MEMBER_BANKS.filter((bank) => bank.jurisdiction === code).map((bank) => bank.org);
  return [banksIn(parsed.from.code), banksIn(parsed.to.code)];
}

/** A bank pair (unordered): its two banks, its channel, its private data collection and its regulators. */
export interface BankPair {
  /** The two banks' MSP ids, sorted. */
  orgs: [MemberBankOrg, MemberBankOrg];
  /** The channel that holds the pair's payments, e.g. `pair-hkbank-szbank`. */
  channel: string;
  /** The private data collection of the pair's details on that channel, e.g. `pair_HKBank_SZBank`. */
  collection: string;
  /** The regulators of the two banks' regimes. */
  regulators: [string, string];
}

const PAIR_CHANNEL_PREFIX = 'pair-';
const shortName = (org: string) => org.replace(/MSP$/, '');

function pairOf(orgA: string, orgB: string): BankPair {
  const [a, b] = [memberBank(orgA), memberBank(orgB)].sort((x, y) => (shortName(x.org) < shortName(y.org) ? -1 : 1));
  if (a.org === b.org) {
    throw new Error(`a bank pair needs two different banks, got ${orgA} twice`);
  }
  if (a.regime === b.regime) {
    throw new Error(`${a.org} and ${b.org} are both in regime ${a.regime}: bayrecon reconciles cross-border payments only`);
  }
  const names = [shortName(a.org), shortName(b.org)];
  return {
    orgs: [a.org, b.org],
    channel: `${PAIR_CHANNEL_PREFIX}${names.map((name) => name.toLowerCase()).join('-')}`,
    collection: `pair_${names.join('_')}`,
    regulators: [regulatorOf(a.regime).org, regulatorOf(b.regime).org],
  };
}

/** The pair of two banks of different regimes, whichever bank asks. @throws Error otherwise. */
export function bankPair(orgA: string, orgB: string): BankPair {
  return pairOf(orgA, orgB);
}

/** The private data collection of a bank pair, e.g. `pair_HKBank_SZBank`. */
export function pairCollection(orgA: string, orgB: string): string {
  return pairOf(orgA, orgB).collection;
}

/** The channel of a bank pair, e.g. `pair-hkbank-szbank`. */
export function pairChannel(orgA: string, orgB: string): string {
  return pairOf(orgA, orgB).channel;
}

/** Every bank pair, in a fixed order: each two member banks of different regimes. */
export function allBankPairs(): BankPair[] {
  const pairs: BankPair[] = [];
  MEMBER_BANKS.forEach((a, i) => {
    MEMBER_BANKS.slice(i + 1).forEach((b) => {
      if (a.regime !== b.regime) pairs.push(pairOf(a.org, b.org));
    });
  });
  return pairs;
}

/** The pair whose channel this is, or undefined when the channel is not a pair's. */
export function pairOfChannel(channel: string): BankPair | undefined {
  return allBankPairs().find((pair) => pair.channel === channel);
}

/** Everyone who may see a pair's payments: its two banks and the regulators of their regimes. */
export function pairMembers(pair: BankPair): string[] {
  return [...new Set([...pair.orgs, ...pair.regulators])];
}

/**
 * The bank pairs an org sees, in the order of {@link allBankPairs}: a bank's own pairs, a regulator's the pairs
 * with a bank of its regime; none for anyone else.
 */
export function bankPairsOf(org: string): BankPair[] {
  return allBankPairs().filter((pair) => pairMembers(pair).includes(org));
}

/**
 * The orgs whose peers must endorse a payment transaction between two banks: exactly those two. Pass them as
 * `endorsingOrganizations` with fabric-gateway: the transient data (full payment details) then reaches no other
 * org's peer, and the pair's endorsement policy AND(A.peer, B.peer) is met.
 */
export function paymentEndorsingOrgs(debtorAgentOrg: string, creditorAgentOrg: string): MemberBankOrg[] {
  return [...pairOf(debtorAgentOrg, creditorAgentOrg).orgs];
}

/** The channel every member belongs to: documents, heartbeats and the member directory. */
export const CONSORTIUM_CHANNEL = 'consortium';
/** The one chaincode name, on the consortium channel and on every pair's. */
export const CHAINCODE_NAME = 'bayrecon';
