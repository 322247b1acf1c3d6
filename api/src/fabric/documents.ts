import {
  AnchorInput, DOCUMENT_TRANSACTIONS, DocumentAnchor, DocumentsAnchored, VerificationList, VerificationOutcome,
} from '@bayrecon/common';
import { Committed, Endorsers, Submitted, TypedContract } from './typed-contract';

const TRANSACTIONS = DOCUMENT_TRANSACTIONS;

/** Document anchors (DOCUMENT_TRANSACTIONS), over the gateway Contract of the main chaincode. */
export class Documents<C extends Committed = Committed> extends TypedContract<C> {
  /** Anchors a batch (1..500) of documents the caller issued. New keys: the chaincode's policy applies, the gateway picks the endorsers. */
  anchorDocuments(anchors: readonly AnchorInput[], endorsers: Endorsers = {}): Promise<Submitted<DocumentsAnchored, C>> {
    return this.submit(TRANSACTIONS.anchorDocuments, [JSON.stringify(anchors)], undefined, endorsers);
  }

  /** Verifies a hash at the transaction's time and logs the verification; `purpose` is public. */
  verifyDocument(documentHash: string, purpose?: string, endorsers: Endorsers = {}): Promise<Submitted<VerificationOutcome, C>> {
    return this.submit(TRANSACTIONS.verifyDocument, [documentHash, purpose ?? ''], undefined, endorsers);
  }

  /**
   * Revokes one of the caller's anchors. An anchor's key-level policy is its issuer's peer, so `issuerOrg` (the
   * caller's own org) endorses alone.
   */
  revokeDocument(documentHash: string, reason: string, issuerOrg: string, endorsers: Endorsers = { endorsingOrganizations: [issuerOrg] }): Promise<Submitted<DocumentAnchor, C>> {
    return this.submit(TRANSACTIONS.revokeDocument, [documentHash, reason], undefined, endorsers);
  }

  getAnchor(documentHash: string): Promise<DocumentAnchor> {
    return this.evaluate(TRANSACTIONS.getAnchor, [documentHash]);
  }

  /** Every logged verification of a hash; its issuer and the regulator only. */
  listVerifications(documentHash: string): Promise<VerificationList> {
    return this.evaluate(TRANSACTIONS.listVerifications, [documentHash]);
  }
}
