import { ApprovalRule, Directory, DirectoryMember, DirectoryStamp, DirectoryState, Jurisdiction, mspOf } from './directory';
import { ValidationIssue, show } from './validation';

/**
 * Changes to the member directory, as members propose and approve them. A change takes effect once the active
 * members have approved it by the directory's rule (default: a majority of the banks and a majority of the
 * regulators); nothing else writes the directory.
 */

export interface AdmittedBank {
  name: string;
  displayName: string;
  jurisdiction: string;
  bic8s: string[];
}

export type DirectoryChange =
  | { kind: 'ADMIT_BANK'; bank: AdmittedBank }
  | { kind: 'REMOVE_MEMBER'; name: string }
  | { kind: 'ADD_JURISDICTION'; jurisdiction: Jurisdiction }
  | { kind: 'SET_RULE'; rule: ApprovalRule };

export const DIRECTORY_CHANGE_KINDS = ['ADMIT_BANK', 'REMOVE_MEMBER', 'ADD_JURISDICTION', 'SET_RULE'] as const;

export interface DirectoryApproval {
  org: string;
  txId: string;
  at: string;
}

export interface DirectoryProposal {
  /** The proposing transaction's id. */
  id: string;
  proposedBy: string;
  at: string;
  change: DirectoryChange;
  approvals: DirectoryApproval[];
  status: 'OPEN' | 'APPLIED';
  /** The directory version the change made, once applied. */
  appliedVersion?: number;
}

/** One version of the directory, as the directory key's history holds it. */
export interface DirectoryVersion {
  txId: string;
  state: DirectoryState;
}

/** Payload of the `DirectoryChanged` event: the new version and the change that made it. */
export interface DirectoryChangedEvent {
  version: number;
  proposalId: string;
  change: DirectoryChange;
}

/** Payload of the `DirectoryProposalChanged` event: a proposal made or approved, not yet in effect. */
export interface DirectoryProposalEvent {
  proposal: DirectoryProposal;
}

export const DIRECTORY_CHANGED_EVENT = 'DirectoryChanged';
export const DIRECTORY_PROPOSAL_EVENT = 'DirectoryProposalChanged';

const NAME = /^[A-Z][A-Za-z0-9]{1,19}$/;
const BIC8 = /^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}$/;
const CODE = /^[A-Z]{2}$/;

type Checked<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown, path: string, max: number, issues: ValidationIssue[]): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > max) {
    issues.push({ path, reason: `${show(value)} is not a text of 1 to ${max} characters` });
    return '';
  }
  return value;
}

/**
 * Checks a proposed change against the directory it would change: names the path and reason of every problem.
 * A bank is admitted with a new name, a jurisdiction of the directory and BIC8s no member owns; a member removed
 * must be active, and the last regulator of a regime with active banks cannot go.
 */
export function validateDirectoryChange(raw: unknown, directory: Directory): Checked<DirectoryChange> {
  const issues: ValidationIssue[] = [];
  if (!isRecord(raw) || !(DIRECTORY_CHANGE_KINDS as readonly unknown[]).includes(raw.kind)) {
    return { ok: false, issues: [{ path: 'change.kind', reason: `${show(isRecord(raw) ? raw.kind : raw)} is not one of ${DIRECTORY_CHANGE_KINDS.join(', ')}` }] };
  }
  switch (raw.kind) {
    case 'ADMIT_BANK': {
      const bank = isRecord(raw.bank) ? raw.bank : {};
      const name = typeof bank.name === 'string' ? bank.name : '';
      if (!NAME.test(name)) issues.push({ path: 'change.bank.name', reason: `${show(bank.name)} is not a name of 2 to 20 letters and digits starting with a capital` });
      else if (directory.member(name) !== undefined) issues.push({ path: 'change.bank.name', reason: `'${name}' is already a member (${directory.member(name)?.status})` });
      const displayName = text(bank.displayName, 'change.bank.displayName', 140, issues);
      const jurisdiction = typeof bank.jurisdiction === 'string' ? bank.jurisdiction : '';
      if (directory.jurisdiction(jurisdiction) === undefined) {
        issues.push({ path: 'change.bank.jurisdiction', reason: `${show(bank.jurisdiction)} is not one of ${directory.state.jurisdictions.map((j) => j.code).join(', ')}` });
      } else if (directory.regulators.every((regulator) => regulator.regime !== directory.jurisdiction(jurisdiction)?.regime)) {
        issues.push({ path: 'change.bank.jurisdiction', reason: `no active regulator oversees '${jurisdiction}'` });
      }
      const bic8s = Array.isArray(bank.bic8s) ? bank.bic8s : [];
      if (bic8s.length === 0 || bic8s.length > 10) issues.push({ path: 'change.bank.bic8s', reason: 'expected 1 to 10 BIC8s' });
      bic8s.forEach((bic, index) => {
        if (typeof bic !== 'string' || !BIC8.test(bic)) issues.push({ path: `change.bank.bic8s[${index}]`, reason: `${show(bic)} is not a BIC8` });
        else if (directory.state.members.some((m) => (m.bic8s ?? []).includes(bic))) issues.push({ path: `change.bank.bic8s[${index}]`, reason: `'${bic}' already belongs to a member` });
      });
      if (issues.length > 0) return { ok: false, issues };
      return { ok: true, value: { kind: 'ADMIT_BANK', bank: { name, displayName, jurisdiction, bic8s: [...bic8s] as string[] } } };
    }
    case 'REMOVE_MEMBER': {
      const name = typeof raw.name === 'string' ? raw.name : '';
      const member = directory.member(name);
      if (member === undefined || member.status !== 'active') {
        return { ok: false, issues: [{ path: 'change.name', reason: `${show(raw.name)} is not an active member` }] };
      }
      if (member.kind === 'regulator' && directory.banks.some((bank) => bank.regime === member.regime)) {
        return { ok: false, issues: [{ path: 'change.name', reason: `'${name}' is the regulator of regime ${member.regime}, which has active banks` }] };
      }
      return { ok: true, value: { kind: 'REMOVE_MEMBER', name } };
    }
    case 'ADD_JURISDICTION': {
      const j = isRecord(raw.jurisdiction) ? raw.jurisdiction : {};
      const code = typeof j.code === 'string' ? j.code : '';
      if (!CODE.test(code)) issues.push({ path: 'change.jurisdiction.code', reason: `${show(j.code)} is not a two-letter code` });
      else if (directory.jurisdiction(code) !== undefined) issues.push({ path: 'change.jurisdiction.code', reason: `'${code}' is already a jurisdiction` });
      const name = text(j.name, 'change.jurisdiction.name', 80, issues);
      const regime = typeof j.regime === 'string' ? j.regime : '';
      if (!CODE.test(regime)) issues.push({ path: 'change.jurisdiction.regime', reason: `${show(j.regime)} is not a two-letter regime` });
      if (issues.length > 0) return { ok: false, issues };
      return { ok: true, value: { kind: 'ADD_JURISDICTION', jurisdiction: { code, name, regime } } };
    }
    case 'SET_RULE': {
      const rule = isRecord(raw.rule) ? raw.rule : {};
      for (const field of ['banks', 'regulators'] as const) {
        if (rule[field] !== 'MAJORITY' && rule[field] !== 'ALL') issues.push({ path: `change.rule.${field}`, reason: `${show(rule[field])} is not MAJORITY or ALL` });
      }
      if (issues.length > 0) return { ok: false, issues };
      return { ok: true, value: { kind: 'SET_RULE', rule: { banks: rule.banks as ApprovalRule['banks'], regulators: rule.regulators as ApprovalRule['regulators'] } } };
    }
    default:
      return { ok: false, issues: [{ path: 'change.kind', reason: `${show(raw.kind)} is not a change` }] };
  }
}

/** How many approvals of each kind a change needs under the directory's rule. */
export function approvalsNeeded(directory: Directory): { banks: number; regulators: number } {
  const need = (count: number, rule: 'MAJORITY' | 'ALL') => (rule === 'ALL' ? count : Math.floor(count / 2) + 1);
  return { banks: need(directory.banks.length, directory.state.rule.banks), regulators: need(directory.regulators.length, directory.state.rule.regulators) };
}

/** True once the active members' approvals meet the rule (approvals by former members count for nothing). */
export function isApproved(directory: Directory, approvals: readonly DirectoryApproval[]): boolean {
  const needed = approvalsNeeded(directory);
  const orgs = new Set(approvals.map((approval) => approval.org));
  const banks = directory.banks.filter((bank) => orgs.has(bank.org)).length;
  const regulators = directory.regulators.filter((regulator) => orgs.has(regulator.org)).length;
  return banks >= needed.banks && regulators >= needed.regulators;
}

/** The directory once a change took effect, stamped with the transaction that applied it. */
export function applyDirectoryChange(state: DirectoryState, change: DirectoryChange, stamp: DirectoryStamp): DirectoryState {
  const next: DirectoryState = { ...state, version: state.version + 1 };
  switch (change.kind) {
    case 'ADMIT_BANK': {
      const member: DirectoryMember = { name: change.bank.name, kind: 'bank', displayName: change.bank.displayName, status: 'active',
        jurisdiction: change.bank.jurisdiction, bic8s: change.bank.bic8s, since: stamp };
      return { ...next, members: [...state.members, member] };
    }
    case 'REMOVE_MEMBER':
      return { ...next, members: state.members.map((m) => (m.name === change.name ? { ...m, status: 'removed', removed: stamp } : m)) };
    case 'ADD_JURISDICTION':
      return { ...next, jurisdictions: [...state.jurisdictions, change.jurisdiction] };
    case 'SET_RULE':
      return { ...next, rule: change.rule };
  }
}

/** The MSP id a change admits or removes, if any. */
export function changedOrg(change: DirectoryChange): string | undefined {
  if (change.kind === 'ADMIT_BANK') return mspOf(change.bank.name);
  if (change.kind === 'REMOVE_MEMBER') return mspOf(change.name);
  return undefined;
}
