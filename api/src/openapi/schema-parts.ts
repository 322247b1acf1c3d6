import { CORRIDOR_PATTERN } from '@bayrecon/common';

/**
 * Schema parts of values whose meaning is the member directory's: which organisations and corridors exist is read
 * from the ledger and changes on the running network, so the document gives their shape, never a list.
 */
export const MSP_ID = { pattern: '^[A-Z][A-Za-z0-9]{1,19}MSP$', example: 'SZBankMSP' };
export const CORRIDOR = { pattern: CORRIDOR_PATTERN.source, example: 'SZ->HK' };
/** A Fabric transaction id. */
export const TX_ID = { pattern: '^[0-9a-f]{64}$' };
