import genesisFile from './consortium.json';

/**
 * The member directory: the consortium's jurisdictions and organisations, which org is which bank with which
 * BICs, which regulator oversees which regulatory regime, and the rule by which members change it. It is state
 * of the consortium channel (the directory contract), changed only by proposals the members approve; the
 * chaincode and the API read it from there, so that nothing of it is compiled in. `genesisDirectory` is what a
 * network starts from (consortium.json, which the network scripts read too).
 */

/** A jurisdiction of the Greater Bay Area (a mainland city, Hong Kong, Macau) and the regime that regulates it. */
export interface Jurisdiction {
  code: string;
  name: string;
  regime: string;
}

export type OrgKind = 'bank' | 'regulator';
export type MemberStatus = 'active' | 'removed';

/** Where in the ledger a directory change took effect. */
export interface DirectoryStamp {
  txId: string;
  at: string;
}

/** A member organisation; its MSP id is its name followed by `MSP`. */
export interface DirectoryMember {
  name: string;
  kind: OrgKind;
  displayName: string;
  status: MemberStatus;
  /** Banks: the jurisdiction they are established in. */
  jurisdiction?: string;
  /** Banks: the BIC8 prefixes of the bank; any BIC11 branch code under one of them is the same bank. */
  bic8s?: string[];
  /** Regulators: the regulatory regime they oversee (every jurisdiction of that regime). */
  regime?: string;
  /** The change that admitted the member (genesis: the initialising transaction), and the one that removed it. */
  since?: DirectoryStamp;
  removed?: DirectoryStamp;
}

/** How many of the active banks and of the active regulators must approve a change: a majority of each. */
export interface ApprovalRule {
  banks: 'MAJORITY' | 'ALL';
  regulators: 'MAJORITY' | 'ALL';
}

export interface DirectoryState {
  /** Incremented by every change; the genesis directory is version 1. */
  version: number;
  jurisdictions: Jurisdiction[];
  members: DirectoryMember[];
  rule: ApprovalRule;
}

/** A bank pair (unordered): its two banks, its channel, its private data collection and its regulators. */
export interface BankPair {
  /** The two banks' MSP ids, sorted by name. */
  orgs: [string, string];
  /** The channel that holds the pair's payments, e.g. `pair-hkbank-szbank`. */
  channel: string;
  /** The private data collection of the pair's details on that channel, e.g. `pair_HKBank_SZBank`. */
  collection: string;
  /** The regulators of the two banks' regimes. */
  regulators: [string, string];
}

export interface MemberBank {
  org: string;
  name: string;
  jurisdiction: string;
  regime: string;
  displayName: string;
  bic8s: readonly string[];
}

export interface Regulator {
  org: string;
  name: string;
  regime: string;
  displayName: string;
}

/** The shape of a corridor, e.g. SZ->HK: whether it is one of the directory's is the directory's question. */
export const CORRIDOR_PATTERN = /^[A-Z]{2}->[A-Z]{2}$/;
/** An organisation by name (HKBank) or MSP id (HKBankMSP). */
export const ORG_REFERENCE_PATTERN = /^[A-Z][A-Za-z0-9]{1,19}$/;

const MSP_SUFFIX = 'MSP';
const PAIR_CHANNEL_PREFIX = 'pair-';
export const mspOf = (name: string): string => `${name}${MSP_SUFFIX}`;
export const nameOf = (org: string): string => org.replace(/MSP$/, '');

/** The first 8 characters of a BIC: the bank, whatever its branch code. */
export function bic8(bic: string): string {
  return bic.slice(0, 8);
}

/**
 * Questions about a directory state. Every answer is about active members unless it says otherwise; a removed
 * bank's pairs are gone from `allBankPairs`, while `pairOfChannel` still names them (their payments stay readable
 * by the other bank and the regulators).
 */
export class Directory {
  readonly banks: readonly MemberBank[];
  readonly regulators: readonly Regulator[];

  constructor(readonly state: DirectoryState) {
    const regimeOf = (code: string) => state.jurisdictions.find((j) => j.code === code)?.regime ?? '';
    this.banks = state.members.filter((m) => m.kind === 'bank' && m.status === 'active').map((m) => ({
      org: mspOf(m.name), name: m.name, jurisdiction: m.jurisdiction as string, regime: regimeOf(m.jurisdiction as string),
      displayName: m.displayName, bic8s: m.bic8s ?? [],
    }));
    this.regulators = state.members.filter((m) => m.kind === 'regulator' && m.status === 'active').map((m) => ({
      org: mspOf(m.name), name: m.name, regime: m.regime as string, displayName: m.displayName,
    }));
  }

  get version(): number {
    return this.state.version;
  }

  jurisdiction(code: string): Jurisdiction | undefined {
    return this.state.jurisdictions.find((candidate) => candidate.code === code);
  }

  member(name: string): DirectoryMember | undefined {
    return this.state.members.find((candidate) => candidate.name === name);
  }

  isMemberBank(org: string): boolean {
    return this.banks.some((bank) => bank.org === org);
  }

  isRegulator(org: string): boolean {
    return this.regulators.some((regulator) => regulator.org === org);
  }

  isKnownOrg(org: string): boolean {
    return this.isMemberBank(org) || this.isRegulator(org);
  }

  /** @throws Error when the org is not an active member bank. */
  memberBank(org: string): MemberBank {
    const bank = this.banks.find((candidate) => candidate.org === org);
    if (bank === undefined) {
      throw new Error(`'${org}' is not a member bank (expected one of ${this.banks.map((b) => b.org).join(', ')})`);
    }
    return bank;
  }

  /** @throws Error when no active regulator oversees the regime. */
  regulatorOf(regime: string): Regulator {
    const regulator = this.regulators.find((candidate) => candidate.regime === regime);
    if (regulator === undefined) throw new Error(`no regulator oversees regime '${regime}'`);
    return regulator;
  }

  /** The regime of a bank (through its jurisdiction) or of a regulator. */
  regimeOf(org: string): string {
    const regulator = this.regulators.find((candidate) => candidate.org === org);
    return regulator !== undefined ? regulator.regime : this.memberBank(org).regime;
  }

  /** The member bank that owns a BIC (compared on BIC8), or undefined when no active member owns it. */
  orgOfBic(bic: string): string | undefined {
    const prefix = bic8(bic);
    return this.banks.find((bank) => bank.bic8s.includes(prefix))?.org;
  }

  /** A corridor is ordered: money flows from the debtor agent's jurisdiction to the creditor agent's. */
  corridorOf(debtorAgentOrg: string, creditorAgentOrg: string): string {
    return `${this.memberBank(debtorAgentOrg).jurisdiction}->${this.memberBank(creditorAgentOrg).jurisdiction}`;
  }

  /**
   * Parses 'SZ->HK' into its two jurisdictions, or undefined when it is not a corridor: both must be jurisdictions
   * of the directory, of different regimes (bayrecon reconciles cross-border payments; a payment within one regime
   * clears through that regime's domestic system).
   */
  parseCorridor(corridor: string): { from: Jurisdiction; to: Jurisdiction } | undefined {
    const match = /^([A-Z]{2})->([A-Z]{2})$/.exec(corridor);
    const from = match === null ? undefined : this.jurisdiction(match[1]);
    const to = match === null ? undefined : this.jurisdiction(match[2]);
    return from === undefined || to === undefined || from.regime === to.regime ? undefined : { from, to };
  }

  /** Every corridor some pair of active member banks pays along, in a fixed order. */
  allCorridors(): string[] {
    const corridors = new Set<string>();
    for (const debtor of this.banks) {
      for (const creditor of this.banks) {
        if (debtor.regime !== creditor.regime) corridors.add(`${debtor.jurisdiction}->${creditor.jurisdiction}`);
      }
    }
    return [...corridors];
  }

  /** The pair of two active banks of different regimes, whichever bank asks. @throws Error otherwise. */
  bankPair(orgA: string, orgB: string): BankPair {
    const [a, b] = [this.memberBank(orgA), this.memberBank(orgB)].sort((x, y) => (x.name < y.name ? -1 : 1));
    if (a.org === b.org) throw new Error(`a bank pair needs two different banks, got ${orgA} twice`);
    if (a.regime === b.regime) {
      throw new Error(`${a.org} and ${b.org} are both in regime ${a.regime}: bayrecon reconciles cross-border payments only`);
    }
    return pairOfNames([a.name, b.name], [this.regulatorOf(a.regime).org, this.regulatorOf(b.regime).org]);
  }

  /** Every pair of active banks of different regimes, in the directory's order. */
  allBankPairs(): BankPair[] {
    const pairs: BankPair[] = [];
    this.banks.forEach((a, i) => {
      this.banks.slice(i + 1).forEach((b) => {
        if (a.regime !== b.regime) pairs.push(this.bankPair(a.org, b.org));
      });
    });
    return pairs;
  }

  /**
   * The pair whose channel this is, or undefined when it is no pair's. A removed bank's pairs are named too, with
   * the regulators of the regimes its jurisdiction had: their payments stay readable by their other members.
   */
  pairOfChannel(channel: string): BankPair | undefined {
    if (!channel.startsWith(PAIR_CHANNEL_PREFIX)) return undefined;
    const banks = this.state.members.filter((m) => m.kind === 'bank');
    const [first, second] = channel.slice(PAIR_CHANNEL_PREFIX.length).split('-');
    const a = banks.find((m) => m.name.toLowerCase() === first);
    const b = banks.find((m) => m.name.toLowerCase() === second);
    // A pair's channel names its two banks in sorted order (see pairOfNames): any other spelling is no pair's.
    if (a === undefined || b === undefined || !(a.name < b.name) || `${PAIR_CHANNEL_PREFIX}${first}-${second}` !== channel) return undefined;
    const regime = (m: DirectoryMember) => this.jurisdiction(m.jurisdiction as string)?.regime ?? '';
    const regulator = (r: string) => this.state.members.find((m) => m.kind === 'regulator' && m.regime === r);
    const [ra, rb] = [regulator(regime(a)), regulator(regime(b))];
    if (ra === undefined || rb === undefined || regime(a) === regime(b)) return undefined;
    return pairOfNames([a.name, b.name], [mspOf(ra.name), mspOf(rb.name)]);
  }

  /** Everyone who may see a pair's payments: its two banks and the regulators of their regimes. */
  pairMembers(pair: BankPair): string[] {
    return [...new Set([...pair.orgs, ...pair.regulators])];
  }

  /**
   * The pairs an org sees, in the directory's order: a bank's own pairs (found from its counterparties alone, so
   * what a bank's transaction costs grows with its counterparties, not with the consortium), a regulator's those
   * with a bank of its regime; none for others.
   */
  bankPairsOf(org: string): BankPair[] {
    const bank = this.banks.find((candidate) => candidate.org === org);
    if (bank !== undefined) {
      return this.banks.filter((other) => other.regime !== bank.regime).map((other) => this.bankPair(bank.org, other.org));
    }
    return this.allBankPairs().filter((pair) => this.pairMembers(pair).includes(org));
  }

  /**
   * The closed pairs an active org was a member of: the pairs of a bank removed after the org was admitted (a bank
   * removed before that never had a pair with it) with a bank that was a member at the same time. Their channels
   * stay, with the payments they hold.
   */
  closedBankPairsOf(org: string): BankPair[] {
    const self = this.state.members.find((m) => mspOf(m.name) === org && m.status === 'active');
    if (self === undefined) return [];
    const joined = self.since?.at ?? '';
    const banks = this.state.members.filter((m) => m.kind === 'bank');
    const pairs = new Map<string, BankPair>();
    for (const removed of banks.filter((m) => m.status === 'removed' && m.removed !== undefined && m.removed.at > joined)) {
      // The pair existed when both banks were members at once.
      const overlapped = (other: DirectoryMember) => (other.since?.at ?? '') < (removed.removed?.at ?? '')
        && (other.removed === undefined || other.removed.at > (removed.since?.at ?? ''));
      for (const other of banks.filter((m) => m.name !== removed.name && overlapped(m))) {
        const names = [removed.name, other.name].sort().map((name) => name.toLowerCase()).join('-');
        const pair = this.pairOfChannel(`${PAIR_CHANNEL_PREFIX}${names}`);
        if (pair !== undefined && this.pairMembers(pair).includes(org)) pairs.set(pair.channel, pair);
      }
    }
    return [...pairs.values()];
  }

  /** The orgs whose peers endorse a payment between two banks: exactly those two (the transient data reaches no other). */
  paymentEndorsingOrgs(debtorAgentOrg: string, creditorAgentOrg: string): string[] {
    return [...this.bankPair(debtorAgentOrg, creditorAgentOrg).orgs];
  }
}

function pairOfNames(names: [string, string], regulators: [string, string]): BankPair {
  return {
    orgs: [mspOf(names[0]), mspOf(names[1])],
    channel: `${PAIR_CHANNEL_PREFIX}${names.map((name) => name.toLowerCase()).join('-')}`,
    collection: `pair_${names.join('_')}`,
    regulators,
  };
}

interface GenesisFile {
  jurisdictions: Jurisdiction[];
  orgs: Omit<DirectoryMember, 'status'>[];
}

/** The directory a network starts from (consortium.json), as the directory contract initialises it. */
export function genesisDirectory(): DirectoryState {
  const file = genesisFile as unknown as GenesisFile;
  return {
    version: 1,
    jurisdictions: file.jurisdictions,
    members: file.orgs.map((org) => ({ ...org, status: 'active' })),
    rule: { banks: 'MAJORITY', regulators: 'MAJORITY' },
  };
}

/** The channel every member belongs to: documents, heartbeats and the member directory. */
export const CONSORTIUM_CHANNEL = 'consortium';
/** The one chaincode name, on the consortium channel and on every pair's. */
export const CHAINCODE_NAME = 'bayrecon';
