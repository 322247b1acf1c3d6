import { publishCountTable } from '../support/count-tables';
import { describeImpersonation } from './impersonation';
import { describeKeys } from './keys';
import { describeRegulatorWrites } from './regulator-writes';
import { describeRevokedDocuments } from './revoked-documents';
import { describeRevokedIdentity } from './revoked-identity';
import { countsTable, gaps, unclassified } from './security-counts';
import { describeThirdPartyReads } from './third-party-reads';
import { buildWorld, SecurityWorld } from './world';

/**
 * The security suite: for each category, concrete attempts over HTTP against real API instances, through the Fabric
 * Gateway against the peers, with an org's administrator identity and in its files, each counted as refused (with
 * the expected status or chaincode error, under the layer that refused it), refused for the wrong reason, or
 * accepted; then a check that nothing changed. Every attempt must be refused as expected; the counts table is
 * printed at the end.
 */
describe('security: every abuse refused, counted', function () {
  this.timeout(120_000);
  let world: SecurityWorld | undefined;
  const current = (): SecurityWorld => {
    if (world === undefined) throw new Error('the security suite\'s set-up failed');
    return world;
  };

  before(async function () {
    // Six API instances started side by side, then the payments, documents and streams the attempts aim at.
    this.timeout(600_000);
    world = await buildWorld();
  });
  after(async () => {
    await world?.dispose();
    publishCountTable('Security: attempts refused, by the layer that refused them', countsTable());
    for (const gap of [...gaps(), ...unclassified()]) console.log(`  ${gap}`);
  });

  describeKeys(current);
  describeImpersonation(current);
  describeRegulatorWrites(current);
  describeThirdPartyReads(current);
  describeRevokedDocuments(current);
  describeRevokedIdentity(current);
});
