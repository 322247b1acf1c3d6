import { clientProcess, networkProcesses, ProcessRole, residentSplit, rssKiB, tenthsOfMiB } from '../harness/processes';
import { Report } from '../harness/report';
import { restartNetwork, timeApisStart } from '../harness/network';

const MiB = (kib: number): number => kib / 1024;

/**
 * Resident memory of every network process (VmRSS through the pid files), summed for the network as bayrecon
 * runs it (orderer, peers, bayrecon's chaincode service); the benchmark's trivial chaincode service and client
 * are reported apart because a real deployment has neither.
 */
export function memoryFootprint(report: Report, stateDir: string, when: string): Record<string, number> {
  const perProcess: Record<string, number> = {};
  const byRole = new Map<ProcessRole, number>();
  for (const process of [...networkProcesses(stateDir), clientProcess()]) {
    const rss = rssKiB(process.pid);
    if (rss === undefined) continue;
    perProcess[process.name] = tenthsOfMiB(rss);
    byRole.set(process.role, (byRole.get(process.role) ?? 0) + rss);
  }
  const network = (byRole.get('orderer') ?? 0) + (byRole.get('peer') ?? 0) + (byRole.get('chaincode') ?? 0);
  const list = (prefix: string): string => Object.entries(perProcess)
    .filter(([name]) => name.startsWith(prefix)).map(([name, mib]) => `${name.replace(prefix, '')} ${mib.toFixed(0)}`).join(', ');
  report.figure('footprint', `network RSS ${when}`, MiB(network), 'MiB', 'orderer + 4 peers + the bayrecon chaincode service');
  report.figure('footprint', `orderer RSS ${when}`, MiB(byRole.get('orderer') ?? 0), 'MiB');
  report.figure('footprint', `peers RSS ${when}`, MiB(byRole.get('peer') ?? 0), 'MiB', list('peer-'));
  report.figure('footprint', `bayrecon chaincode service RSS ${when}`, MiB(byRole.get('chaincode') ?? 0), 'MiB');
  report.figure('footprint', `trivial chaincode service RSS ${when} (bench only)`, MiB(byRole.get('bench-chaincode') ?? 0), 'MiB');
  report.figure('footprint', `bench client RSS ${when}`, MiB(byRole.get('client') ?? 0), 'MiB');
  return perProcess;
}

/**
 * What `make up` does after npm install, on the benchmark's own network: network/scripts/up.sh from nothing (after
 * down.sh) to the first commit, then the four API instances started until each answers /health, and the memory
 * each instance holds then.
 */
export function upTime(
  report: Report, env: Record<string, string> = {},
): { upSeconds: number; apisSeconds: number; apiRssMiB: Record<string, number> } {
  const { upSeconds } = restartNetwork(env);
  report.figure('footprint', 'network up from nothing (up.sh)', upSeconds, 's', 'crypto, genesis, 5 nodes, bayrecon deployed, first commit');
  const { seconds: apisSeconds, resident } = timeApisStart();
  report.figure('footprint', 'make up: network and the four APIs', upSeconds + apisSeconds, 's',
    `up.sh ${upSeconds.toFixed(1)} s, then the APIs side by side ${apisSeconds.toFixed(1)} s; target ≤ 15 s`);
  const apiRssMiB: Record<string, number> = {};
  for (const [name, memory] of Object.entries(resident)) {
    apiRssMiB[name] = tenthsOfMiB(memory.total);
    report.figure('footprint', `${name.replace('api-', '')} API RSS after make up`, MiB(memory.total), 'MiB', `${residentSplit(memory)}; target ≤ 200 MiB`);
  }
  return { upSeconds, apisSeconds, apiRssMiB };
}
