import { Directory } from '@bayrecon/common';
import type { OrgKind } from './instance.dto';

/** What an organisation sees, as the member directory says: its pairs' corridors and banks. */
export interface OrgView {
  kind: OrgKind;
  displayName: string;
  /** The regulatory regime of the bank's jurisdiction, or the one the regulator oversees. */
  regime: string;
  /** Both directions of every corridor of its pairs, in the directory's order of the pairs. */
  corridors: string[];
  /** A bank: the other bank of each of its pairs. A regulator: every bank of the pairs it oversees. */
  counterparties: string[];
}

/** A regulator's instance or a bank's. */
export function orgKind(directory: Directory, mspId: string): OrgKind {
  return directory.isRegulator(mspId) ? 'regulator' : 'bank';
}

/**
 * The view of an active member: a bank sees its own pairs; a regulator the pairs with a bank of its regime
 * (Directory.bankPairsOf). @throws Error when the org is no active member.
 */
export function orgView(directory: Directory, mspId: string): OrgView {
  const kind = orgKind(directory, mspId);
  const member = kind === 'regulator' ? directory.regulators.find((regulator) => regulator.org === mspId) : directory.memberBank(mspId);
  if (member === undefined) throw new Error(`'${mspId}' is not an active member of the directory`);
  const pairs = directory.bankPairsOf(mspId);
  const corridors = pairs.flatMap(({ orgs: [a, b] }) => [directory.corridorOf(a, b), directory.corridorOf(b, a)]);
  const banks = pairs.flatMap((pair) => pair.orgs).filter((org) => org !== mspId);
  return {
    kind, displayName: member.displayName, regime: member.regime,
    corridors: [...new Set(corridors)], counterparties: [...new Set(banks)],
  };
}
