import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { stateDir } from '../../network/client/network-map';
import { killLeftoverApis } from './api-instance';

const SCRIPTS = path.resolve(__dirname, '..', '..', 'network', 'scripts');
let startedHere = false;

function networkRunning(): boolean {
  const pidFile = path.join(stateDir(), 'pids', 'orderer.pid');
  if (!existsSync(pidFile)) return false;
  try {
    process.kill(Number(readFileSync(pidFile, 'utf8')), 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Mocha global fixtures: the network tests reuse a running network, or bring one up and take it down again
 * afterwards, also when tests fail.
 */
export function mochaGlobalSetup(): void {
  if (networkRunning()) {
    console.log('[test] reusing the running network');
    return;
  }
  startedHere = true;
  execFileSync(path.join(SCRIPTS, 'up.sh'), { stdio: 'inherit' });
}

export function mochaGlobalTeardown(): void {
  killLeftoverApis();
  if (startedHere) {
    execFileSync(path.join(SCRIPTS, 'down.sh'), { stdio: 'inherit' });
  }
}
