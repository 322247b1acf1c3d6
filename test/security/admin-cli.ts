import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { OrgName } from '../../network/client/network-map';

const ENV_SH = path.resolve(__dirname, '..', '..', 'network', 'env.sh');

/** What an administrator's command printed (stdout and stderr together) and whether it succeeded. */
export interface AdminOutcome {
  ok: boolean;
  output: string;
}

/**
 * Runs bash `commands` as ORG's administrator would, with network/env.sh's functions and ORG's settings: the peer
 * CLI points at ORG's own peer with ORG's admin identity (`as_admin`), `$FABRIC_BIN`, `$ORG_HOST`, `$ORDERER_PORT`
 * and `$ORG_DIR` are ORG's, `"${ADMIN_TLS[@]}"` holds the osnadmin arguments of ORG's own orderer (its admin
 * endpoint, ORG's TLS CA, ORG's admin TLS identity), and `on_host ORG ...` runs a command on ORG's host.
 */
export function asAdmin(org: OrgName, commands: string): AdminOutcome {
  const script = [
    'set -uo pipefail',
    `source "${ENV_SH}"`,
    `as_admin ${org}`,
    'ADMIN_TLS=(-o "$ORG_HOST:$ORDERER_ADMIN_PORT" --ca-file "$ORG_DIR/msp/tlscacerts/tlsca.pem" --client-cert "$ORG_DIR/admin/tls/server.crt" --client-key "$ORG_DIR/admin/tls/server.key")',
    commands,
  ].join('\n');
  const run = spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 60_000 });
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}`.trim() };
}
