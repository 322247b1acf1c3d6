import { Contract, Gateway } from '@hyperledger/fabric-gateway';
import { CHAINCODE_NAME, Directory } from '@bayrecon/common';

/** Where a contract is called: a channel and a chaincode on it. */
export interface ContractLocation {
  channel: string;
  chaincode: string;
}

/**
 * Where a bank pair's payments live: the pair's own channel, whose members are its two banks and their regulators
 * alone (so no other org's peer or orderer ever holds a block of it), with the one chaincode on it. Every client
 * that reaches a pair's payments (the API, the tests, the benchmarks, the network scripts' clients) asks this
 * function.
 */
export function pairPaymentsLocation(directory: Directory, orgA: string, orgB: string): ContractLocation {
  return { channel: directory.bankPair(orgA, orgB).channel, chaincode: CHAINCODE_NAME };
}

/** The gateway Contract at a location. */
export function contractAt(gateway: Gateway, location: ContractLocation): Contract {
  return gateway.getNetwork(location.channel).getContract(location.chaincode);
}
