import { REGULATOR_ORG } from '@bayrecon/common';

/**
 * Whether an org's projection holds everything on the ledger (the regulator's) or only what its org is party to (a
 * bank's). Decided here alone, so that the chaincodes the projection listens to, the events it keeps and the
 * queries over it cannot disagree.
 */
export function seesEverything(mspId: string): boolean {
  return mspId === REGULATOR_ORG;
}
