import { strict as assert } from 'node:assert';
import { trivialServed } from './network';
import { NetworkProcess } from './processes';

const running = (name: string, role: NetworkProcess['role']): NetworkProcess => ({ name, pid: 1, role });
const peers = ['SZBank', 'HKBank', 'MOBank', 'PBOC', 'HKMA', 'AMCM'].map((org) => running(`peer-${org}`, 'peer'));

describe('the benchmarks\' trivial chaincode', () => {
  it('is served when it runs as bayrecon does: the local network\'s one service, not one per org', () => {
    const network = [running('orderer', 'orderer'), ...peers, running('chaincode-bayrecon', 'chaincode')];
    assert.equal(trivialServed([...network, running('chaincode-trivial', 'bench-chaincode')], true), true);
    assert.equal(trivialServed(network, true), false, 'no server of it');
    assert.equal(trivialServed([...network, running('chaincode-trivial', 'bench-chaincode')], false), false, 'never deployed');
  });

  it('follows bayrecon\'s servers where each org runs its own', () => {
    const perOrg = (prefix: string, role: NetworkProcess['role']) => ['SZBank', 'HKBank', 'MOBank', 'PBOC', 'HKMA', 'AMCM'].map((org) => running(`${prefix}-${org}`, role));
    const network = [...peers, ...perOrg('chaincode-bayrecon', 'chaincode')];
    assert.equal(trivialServed([...network, ...perOrg('chaincode-trivial', 'bench-chaincode')], true), true);
    assert.equal(trivialServed([...network, running('chaincode-trivial', 'bench-chaincode')], true), false);
  });
});
