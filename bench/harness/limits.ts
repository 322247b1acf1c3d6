import { CpuProfile } from './processes';
import { formatNumber } from './table';

/** Roles that run as one Node.js event loop: about 100% of one core is their ceiling. */
const SINGLE_THREADED = new Set(['chaincode', 'bench-chaincode', 'client', 'api']);

/** A one-line diagnosis of what limited a run, from its CPU profile. */
export function limiterOf(cpu: CpuProfile, cores: number): string {
  const top = cpu.processes[0];
  const busy = `machine ${formatNumber(cpu.machineBusyPercent, 0)}% busy of ${cores} cores, `
    + `${formatNumber(cpu.otherPercent, 0)}% of a core outside the benchmark`;
  if (top === undefined) return `unknown (${busy})`;
  const topText = `${top.name} ${formatNumber(top.cpuPercent, 0)}% of a core`;
  if (SINGLE_THREADED.has(top.role) && top.cpuPercent >= 85) {
    return `${topText}: one Node.js event loop saturated (${busy})`;
  }
  if (cpu.machineBusyPercent >= 85) {
    const shared = cpu.otherPercent >= 25 * cores ? ', shared with other work' : '';
    return `CPU of the whole machine${shared} (${busy}; largest ${topText})`;
  }
  return `not CPU: waiting on batching or in-flight bound (${busy}; largest ${topText})`;
}

/** The top processes of a profile, for a log line. */
export const topProcesses = (cpu: CpuProfile, count = 5): string =>
  cpu.processes.slice(0, count).map((entry) => `${entry.name} ${formatNumber(entry.cpuPercent, 0)}%`).join(', ');
