import { Context } from 'fabric-contract-api';
import { MemberBankOrg, REGULATOR_ORG, RefusalError, isKnownOrg, isMemberBank } from '@bayrecon/common';

/** The org of the client that signed the proposal: the only source of "who is asking". */
export function callerOrg(ctx: Context): string {
  return ctx.clientIdentity.getMSPID();
}

const forbidden = (message: string): RefusalError => new RefusalError('FORBIDDEN', message);

/** @throws FORBIDDEN unless the caller is a member bank; the regulator and unknown orgs write no business record. */
export function assertMemberBankCaller(ctx: Context, action: string): MemberBankOrg {
  const org = callerOrg(ctx);
  if (org === REGULATOR_ORG) {
    throw forbidden(`${org} cannot ${action}: the regulator reads, it does not write business records`);
  }
  if (!isMemberBank(org)) {
    throw forbidden(`'${org}' cannot ${action}: it is not a member bank`);
  }
  return org;
}

/** @throws FORBIDDEN unless the caller is a member bank or the regulator. */
export function assertKnownCaller(ctx: Context, action: string): string {
  const org = callerOrg(ctx);
  if (!isKnownOrg(org)) {
    throw forbidden(`'${org}' cannot ${action}: it is not a member of bayrecon`);
  }
  return org;
}

/** @throws FORBIDDEN unless the caller is one of `allowed` (what it may do is named in the message). */
export function assertCallerIn(ctx: Context, allowed: readonly string[], action: string): string {
  const org = callerOrg(ctx);
  if (!allowed.includes(org)) {
    throw forbidden(`'${org}' cannot ${action}: only ${allowed.join(', ')} may`);
  }
  return org;
}

/** Parses a page size argument: a whole number in 1..max, or `fallback` when empty. @throws INVALID otherwise. */
export function assertPageSize(value: string, max: number, fallback: number): number {
  if (value === '') {
    return fallback;
  }
  if (!/^[1-9][0-9]*$/.test(value) || Number(value) > max) {
    throw RefusalError.ofField('INVALID', 'pageSize', `'${value}' is not a whole number from 1 to ${max}`);
  }
  return Number(value);
}
