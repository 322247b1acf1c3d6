import { TrivialContract } from './trivial.contract';

/** The contracts `fabric-chaincode-node server` serves. */
export const contracts = [TrivialContract];
