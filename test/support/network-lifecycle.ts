import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { stateDir } from '../../network/client/network-map';
import { killLeftoverApis } from './api-instance';

const SCRIPTS = path.resolve(__dirname, '..', '..', 'network', 'scripts');

/** What the suites found: a network to reuse as it is, one stopped with its state kept, or none. */
type Found = 'running' | 'stopped' | 'none';
let found: Found = 'none';

/** True when the pid file names a live process with the start time it recorded (as env.sh's pid_alive). */
function alive(pidFile: string): boolean {
  if (!existsSync(pidFile)) return false;
  const [pid, started] = readFileSync(pidFile, 'utf8').trim().split(/\s+/);
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after the command name, which is in parentheses and may hold spaces: state is field 3, start time 22.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] !== 'Z' && fields[19] === started;
  } catch {
    return false;
  }
}

/** Whether the network whose state is in stateDir() was created, and whether every org's peer runs. */
function networkState(): Found {
  const state = stateDir();
  if (!existsSync(path.join(state, 'created'))) return 'none';
  const map = JSON.parse(readFileSync(path.join(state, 'network.json'), 'utf8')) as { orgs: Record<string, { peerEndpoint?: string }> };
  const peers = Object.entries(map.orgs).filter(([, org]) => org.peerEndpoint !== undefined).map(([name]) => name);
  return peers.every((org) => alive(path.join(state, 'orgs', org, 'pids', 'peer.pid'))) ? 'running' : 'stopped';
}

/**
 * Mocha global fixtures: the network tests reuse a running network; a stopped one is resumed and stopped again
 * afterwards (its state kept); without one, one is created and removed afterwards, also when tests fail.
 */
export function mochaGlobalSetup(): void {
  found = networkState();
  if (found === 'running') {
    console.log('[test] reusing the running network');
    return;
  }
  execFileSync(path.join(SCRIPTS, 'up.sh'), { stdio: 'inherit' });
}

export function mochaGlobalTeardown(): void {
  killLeftoverApis();
  if (found === 'stopped') execFileSync(path.join(SCRIPTS, 'stop.sh'), { stdio: 'inherit' });
  if (found === 'none') execFileSync(path.join(SCRIPTS, 'down.sh'), { stdio: 'inherit' });
}
