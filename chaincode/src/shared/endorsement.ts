import { KeyEndorsementPolicy } from 'fabric-shim';
import { WriteBatch } from './state-batch';

/** fabric-shim declares an ENDORSER_ROLES enum in its types but does not export it at run time. */
const PEER_ROLE = 'PEER';

/**
 * Sets a key-level (state-based) endorsement policy: from now on a write of `key` is valid only if a peer of
 * every org in `orgs` endorsed it, whatever the chaincode-level policy says.
 */
export function requirePeersOf(writes: WriteBatch, key: string, orgs: readonly string[]): void {
  const policy = new KeyEndorsementPolicy();
  policy.addOrgs(PEER_ROLE, ...orgs);
  writes.setValidationParameter(key, policy.getPolicy());
}

/** The orgs a key-level policy requires, sorted; empty when the key has none. */
export function policyOrgs(policy: Uint8Array): string[] {
  return policy.length === 0 ? [] : new KeyEndorsementPolicy(policy).listOrgs().sort();
}
