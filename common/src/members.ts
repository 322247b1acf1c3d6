/**
 * The static member directory of the bayrecon channel: which org is which bank, in which jurisdiction, with
 * which BICs. The chaincode and the API both decide "whose BIC is this?" and "which collection holds this
 * pair's details?" from this one table, so the two can never disagree.
 */

/** Jurisdictions of the Greater Bay Area corridors. */
export type Jurisdiction = 'SZ' | 'HK' | 'MO';

/** MSP ids of the member banks, the only orgs that write business records. */
export type MemberBankOrg = 'SZBankMSP' | 'HKBankMSP' | 'MOBankMSP';

/** MSP id of the regulator: reads everything, writes no business record. */
export const REGULATOR_ORG = 'RegulatorMSP';

export interface MemberBank {
  org: MemberBankOrg;
  jurisdiction: Jurisdiction;
  displayName: string;
  /** BIC8 prefixes of the bank; any BIC11 branch code under one of them is the same bank. */
  bic8s: readonly string[];
}

/** The member banks, in a fixed order (iteration over this array is deterministic). */
export const MEMBER_BANKS: readonly MemberBank[] = [
  { org: 'SZBankMSP', jurisdiction: 'SZ', displayName: 'Shenzhen Bank (fictional)', bic8s: ['SZBKCNBS'] },
  { org: 'HKBankMSP', jurisdiction: 'HK', displayName: 'Hong Kong Bank (fictional)', bic8s: ['HKBKHKHH'] },
  { org: 'MOBankMSP', jurisdiction: 'MO', displayName: 'Macau Bank (fictional)', bic8s: ['MOBKMOMX'] },
];

/** Every jurisdiction, in a fixed order. */
export const JURISDICTIONS: readonly Jurisdiction[] = ['SZ', 'HK', 'MO'];

/** True when the MSP id is one of the member banks. */
export function isMemberBank(org: string): org is MemberBankOrg {
  return MEMBER_BANKS.some((bank) => bank.org === org);
}

/** True when the MSP id is a member bank or the regulator. */
export function isKnownOrg(org: string): boolean {
  return isMemberBank(org) || org === REGULATOR_ORG;
}

/** The directory entry of a member bank. @throws Error when the org is not a member bank. */
export function memberBank(org: string): MemberBank {
  const bank = MEMBER_BANKS.find((candidate) => candidate.org === org);
  if (bank === undefined) {
    throw new Error(`'${org}' is not a member bank (expected one of ${MEMBER_BANKS.map((b) => b.org).join(', ')})`);
  }
  return bank;
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

/** Parses 'SZ->HK' into its two jurisdictions, or returns undefined when it is not a corridor. */
export function parseCorridor(corridor: string): { from: Jurisdiction; to: Jurisdiction } | undefined {
  const match = /^(SZ|HK|MO)->(SZ|HK|MO)$/.exec(corridor);
  if (match === null || match[1] === match[2]) {
    return undefined;
  }
  return { from: match[1] as Jurisdiction, to: match[2] as Jurisdiction };
}

/** The member banks of a corridor's two jurisdictions, debtor side first. */
export function corridorBanks(corridor: string): [MemberBankOrg, MemberBankOrg] {
  const parsed = parseCorridor(corridor);
  if (parsed === undefined) {
    throw new Error(`corridor: '${corridor}' is not one of ${allCorridors().join(', ')}`);
  }
  const orgOf = (jurisdiction: Jurisdiction): MemberBankOrg =>
    (MEMBER_BANKS.find((bank) => bank.jurisdiction === jurisdiction) as MemberBank).org;
  return [orgOf(parsed.from), orgOf(parsed.to)];
}

/** Every ordered corridor between two different jurisdictions, in a fixed order. */
export function allCorridors(): string[] {
  return JURISDICTIONS.flatMap((from) => JURISDICTIONS.filter((to) => to !== from).map((to) => `${from}->${to}`));
}

/**
 * The private data collection of an (unordered) bank pair, e.g. `pair_HKBank_SZBank`: the two banks and the
 * regulator are its members. The names are sorted so both banks derive the same collection.
 */
export function pairCollection(orgA: string, orgB: string): string {
  const names = [memberBank(orgA).org, memberBank(orgB).org].map((org) => org.replace(/MSP$/, '')).sort();
  if (names[0] === names[1]) {
    throw new Error(`a bank pair needs two different banks, got ${orgA} twice`);
  }
  return `pair_${names[0]}_${names[1]}`;
}

const PAIR_CHAINCODE_PREFIX = 'payments_';

/**
 * The chaincode namespace of an (unordered) bank pair's payments, e.g. `payments_HKBank_SZBank`: the same
 * chaincode package, defined once per pair with AND(A.peer, B.peer) as its endorsement policy and the pair's
 * collection as its only collection. Fabric evaluates a chaincode's policy once per transaction, where a
 * key-level policy per payment key would be evaluated (signatures verified, payload hashed) once per key.
 */
export function pairChaincode(orgA: string, orgB: string): string {
  return pairCollection(orgA, orgB).replace(/^pair_/, PAIR_CHAINCODE_PREFIX);
}

/** The two banks of a pair chaincode's name, or undefined when the name is not a pair chaincode. */
export function pairOfChaincode(chaincode: string): [MemberBankOrg, MemberBankOrg] | undefined {
  return allBankPairs().find((pair) => pair.chaincode === chaincode)?.orgs;
}

/** A bank pair (unordered): its two banks, its private data collection and its payments chaincode. */
export interface BankPair {
  orgs: [MemberBankOrg, MemberBankOrg];
  collection: string;
  chaincode: string;
}

/** Every bank pair, in a fixed order. */
export function allBankPairs(): BankPair[] {
  const pairs: BankPair[] = [];
  MEMBER_BANKS.forEach((a, i) => {
    MEMBER_BANKS.slice(i + 1).forEach((b) => {
      pairs.push({ orgs: [a.org, b.org], collection: pairCollection(a.org, b.org), chaincode: pairChaincode(a.org, b.org) });
    });
  });
  return pairs;
}

/** The bank pairs an org belongs to, in the order of {@link allBankPairs}; none for an org that is not a member bank. */
export function bankPairsOf(org: string): BankPair[] {
  return allBankPairs().filter((pair) => (pair.orgs as readonly string[]).includes(org));
}

/**
 * Whether an org sees every bank pair's payments (the regulator) or only those of the pairs it belongs to (a
 * bank). Which payments events an API instance reads, which its projection keeps and which it answers for are
 * all decided by this, so they cannot disagree.
 */
export function seesEverything(org: string): boolean {
  return org === REGULATOR_ORG;
}

/** The bank pairs whose payments an org sees (see {@link seesEverything}), in the order of {@link allBankPairs}. */
export function pairsSeenBy(org: string): BankPair[] {
  return seesEverything(org) ? allBankPairs() : bankPairsOf(org);
}

/**
 * The orgs whose peers must endorse a payment transaction between two banks: exactly those two. Pass them as
 * `endorsingOrganizations` with fabric-gateway: the transient data (full payment details) then reaches no
 * other org's peer, and the pair collection's endorsement policy AND(A.peer, B.peer) is met.
 */
export function paymentEndorsingOrgs(debtorAgentOrg: string, creditorAgentOrg: string): MemberBankOrg[] {
  return [memberBank(debtorAgentOrg).org, memberBank(creditorAgentOrg).org].sort();
}
