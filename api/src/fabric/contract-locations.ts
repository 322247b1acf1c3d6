import { Contract, Gateway } from '@hyperledger/fabric-gateway';
import { pairChaincode } from '@bayrecon/common';

/** Where a contract is called: a channel and a chaincode on it. */
export interface ContractLocation {
  channel: string;
  chaincode: string;
}

/**
 * Where a bank pair's payments live: the pair's own chaincode definition (`payments_<A>_<B>`, endorsed by the
 * two banks) on the consortium's channel. Every client that reaches a pair's payments (the API, the tests, the
 * benchmarks, the network scripts' clients) asks this function, so moving the pairs elsewhere changes here.
 */
export function pairPaymentsLocation(channel: string, orgA: string, orgB: string): ContractLocation {
  return { channel, chaincode: pairChaincode(orgA, orgB) };
}

/** The gateway Contract at a location. */
export function contractAt(gateway: Gateway, location: ContractLocation): Contract {
  return gateway.getNetwork(location.channel).getContract(location.chaincode);
}
