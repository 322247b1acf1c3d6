import { execFile } from 'node:child_process';
import * as path from 'node:path';

const SCRIPTS = path.resolve(__dirname, '..', '..', 'network', 'scripts');

/**
 * Runs a script of network/scripts (e.g. `node.sh`, `add-bank.sh`) to its end, its output on the test's; rejects
 * when it fails. Asynchronous, so that the test's event loop keeps serving a load's connections meanwhile: blocked
 * for the seconds a node's start takes, it would find the API's idle keep-alive sockets closed under it.
 */
export function runNetworkScript(name: string, ...args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile(path.join(SCRIPTS, name), args, { maxBuffer: 64 * 1024 * 1024 }, (error) => (error ? reject(error) : resolve()));
    child.stdout?.pipe(process.stdout);
    child.stderr?.pipe(process.stderr);
  });
}
