import 'reflect-metadata';
import { API_ROLES, ApiRole } from './auth/api-key.entity';
import { ApiKeysService } from './auth/api-keys.service';
import { ConfigError, loadConfig } from './config/app-config';
import { openDatabase } from './database/data-source';
import { wipeProjection } from './projection/projection.service';

const USAGE = `usage: bayrecon-api create-key --role submitter|viewer [--label TEXT]
       bayrecon-api revoke-key KEY_ID
       bayrecon-api rebuild-projection
(reads the same environment as the API instance whose keys it manages)`;

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

/** Admin commands of an instance: keys are created here, never through the HTTP API. */
async function main(args: string[]): Promise<void> {
  const config = loadConfig();
  const dataSource = await openDatabase(config.database);
  try {
    const keys = new ApiKeysService(dataSource, config);
    const [command] = args;
    if (command === 'create-key') {
      const role = option(args, '--role') as ApiRole;
      if (!API_ROLES.includes(role)) throw new Error(`--role must be one of ${API_ROLES.join(', ')}\n${USAGE}`);
      const issued = await keys.issue(role, option(args, '--label') ?? `${role} key`);
      process.stdout.write(`${JSON.stringify(issued)}\n`);
    } else if (command === 'revoke-key' && args[1]) {
      if (!(await keys.revoke(args[1]))) throw new Error(`no active key with id ${args[1]}`);
      process.stdout.write(`revoked ${args[1]}\n`);
    } else if (command === 'rebuild-projection') {
      // A stopped instance replays from block 0 when it starts; a running one when its next event arrives.
      const reached = await wipeProjection(dataSource);
      process.stdout.write(`projection wiped (it had reached block ${reached ?? 'none'}); it replays from the genesis block\n`);
    } else {
      throw new Error(USAGE);
    }
  } finally {
    await dataSource.destroy();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof ConfigError ? 2 : 1);
});
