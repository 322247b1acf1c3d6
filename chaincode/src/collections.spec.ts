import { strict as assert } from 'node:assert';
import { allBankPairs } from '@bayrecon/common';
import { collectionsConfig } from './testing/fixtures';

describe('collections.json', () => {
  it('defines one collection per bank pair: its two banks and the regulator read, both banks\' peers endorse', () => {
    const config = collectionsConfig();
    assert.deepEqual(config.map((collection) => collection.name), allBankPairs().map((pair) => pair.collection));
    for (const [index, { orgs }] of allBankPairs().entries()) {
      const [a, b] = [...orgs].sort();
      assert.deepEqual(config[index], {
        name: config[index].name,
        policy: `OR('${a}.member','${b}.member','RegulatorMSP.member')`,
        requiredPeerCount: 0,
        maxPeerCount: 3,
        blockToLive: 0,
        memberOnlyRead: true,
        memberOnlyWrite: true,
        endorsementPolicy: { signaturePolicy: `AND('${a}.peer','${b}.peer')` },
      });
    }
  });
});
