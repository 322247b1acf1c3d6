import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import * as path from 'node:path';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ): 100 on every Linux this runs on. */
const TICKS_PER_SECOND = 100;

export type ProcessRole = 'orderer' | 'peer' | 'ca' | 'chaincode' | 'bench-chaincode' | 'client' | 'api';

export interface NetworkProcess {
  /**
   * The node and its place: orderer-SZBank, peer-HKMA, ca-PBOC, api-MOBank, chaincode-bayrecon (the single-host
   * topology's shared service), chaincode-trivial-SZBank (an organisation's own, on the hosts topology), ...
   */
  name: string;
  pid: number;
  role: ProcessRole;
}

function roleOf(node: string): ProcessRole {
  if (node === 'chaincode-trivial') return 'bench-chaincode';
  if (node.startsWith('chaincode-')) return 'chaincode';
  return node as 'orderer' | 'peer' | 'ca' | 'api';
}

/**
 * The network's live processes, from the pid files the network scripts write in each place's `pids` folder
 * (STATE_DIR/orgs/ORG/pids, STATE_DIR/shared/pids); a pid file holds the pid and the process's start time.
 */
export function networkProcesses(stateDir: string): NetworkProcess[] {
  const places = [
    ...safeList(path.join(stateDir, 'orgs')).map((org) => ({ place: org, dir: path.join(stateDir, 'orgs', org, 'pids') })),
    { place: 'shared', dir: path.join(stateDir, 'shared', 'pids') },
  ];
  return places.flatMap(({ place, dir }) => safeList(dir).filter((file) => file.endsWith('.pid')).sort().map((file) => {
    const node = file.slice(0, -'.pid'.length);
    const pid = Number(readFileSync(path.join(dir, file), 'utf8').trim().split(/\s+/)[0]);
    return { name: place === 'shared' ? node : `${node}-${place}`, pid, role: roleOf(node) };
  })).filter(({ pid }) => statOf(pid) !== undefined);
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** The benchmark's own process, as a client of the network. */
export const clientProcess = (): NetworkProcess => ({ name: 'bench-client', pid: process.pid, role: 'client' });

export interface ResidentKiB {
  total: number;
  anonymous: number;
  fileBacked: number;
  /**
   * Proportional set size (Pss of /proc/PID/smaps_rollup): the process's own pages plus its share of the pages it
   * shares with others. Six peers started from one binary each count that binary's code in their RSS; summed,
   * their PSS counts it once, as the machine holds it. NaN where the kernel has no smaps_rollup.
   */
  proportional: number;
}

/**
 * Resident memory in KiB from one read of /proc/PID/status: in all (VmRSS), anonymous (heaps, buffers: RssAnon)
 * and file-backed (mapped code, e.g. node's binary, whose pages every node process on the machine shares:
 * RssFile); and the proportional set size from /proc/PID/smaps_rollup; undefined when the process is gone.
 */
export function residentKiB(pid: number): ResidentKiB | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const field = (text: string, name: string): number | undefined => {
    const match = new RegExp(`^${name}:\\s+(\\d+)\\s+kB$`, 'm').exec(text);
    return match === null ? undefined : Number(match[1]);
  };
  const total = field(status, 'VmRSS');
  if (total === undefined) return undefined;
  let rollup = '';
  try {
    rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  } catch {
    // gone since, or a kernel without it: the proportional size stays unknown
  }
  return {
    total, anonymous: field(status, 'RssAnon') ?? NaN, fileBacked: field(status, 'RssFile') ?? NaN, proportional: field(rollup, 'Pss') ?? NaN,
  };
}

/** KiB in MiB rounded to a tenth, as the results files record memory. */
export const tenthsOfMiB = (kib: number): number => Math.round(kib / 102.4) / 10;

/** How much of a node process's resident memory is its own (anonymous) and how much node's shared code. */
export function residentSplit({ anonymous, fileBacked }: ResidentKiB): string {
  return `anonymous ${(anonymous / 1024).toFixed(0)} MiB, file-backed ${(fileBacked / 1024).toFixed(0)} MiB (node's code, shared by every node process)`;
}

/** Resident set size in KiB (VmRSS), undefined when the process is gone. */
export const rssKiB = (pid: number): number | undefined => residentKiB(pid)?.total;

/** CPU time (user + system, all threads) in seconds. */
function statOf(pid: number): number | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields are counted after its closing parenthesis.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** Busy and total jiffies of the whole machine (/proc/stat), all processes, all users. */
function machineTicks(): { busy: number; total: number } {
  const values = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((sum, value) => sum + value, 0);
  const idle = values[3] + (values[4] ?? 0);
  return { busy: total - idle, total };
}

export interface CpuProfile {
  seconds: number;
  /** Per process: CPU seconds per wall second, in % of one core (100% = one core fully busy). */
  processes: { name: string; role: ProcessRole; cpuPercent: number }[];
  /** The whole machine's busy time in % of all its cores, including work that is not the benchmark's. */
  machineBusyPercent: number;
  /** CPU used by everything outside the sampled processes (other people's work, the kernel), in % of one core. */
  otherPercent: number;
}

/** Every sampled process's CPU seconds so far and the machine's jiffies, at one moment (performance.now()). */
interface CpuSnapshot {
  at: number;
  machine: { busy: number; total: number };
  cpu: Map<number, number>;
}

function snapshot(processes: readonly NetworkProcess[]): CpuSnapshot {
  const cpu = new Map<number, number>();
  for (const { pid } of processes) {
    const seconds = statOf(pid);
    if (seconds !== undefined) cpu.set(pid, seconds);
  }
  return { at: performance.now(), machine: machineTicks(), cpu };
}

/**
 * Per process, % of one core used between two snapshots (busiest first; a process missing from either is left
 * out), and the whole machine's busy % of all its cores.
 */
function usageBetween(processes: readonly NetworkProcess[], first: CpuSnapshot, last: CpuSnapshot) {
  const seconds = Math.max(0.001, (last.at - first.at) / 1000);
  const used = processes.flatMap(({ name, role, pid }) => {
    const before = first.cpu.get(pid);
    const after = last.cpu.get(pid);
    return before === undefined || after === undefined ? [] : [{ name, role, cpuPercent: (100 * (after - before)) / seconds }];
  });
  const machineTotal = last.machine.total - first.machine.total;
  return {
    seconds,
    machineBusyPercent: machineTotal <= 0 ? NaN : (100 * (last.machine.busy - first.machine.busy)) / machineTotal,
    processes: used.sort((a, b) => b.cpuPercent - a.cpuPercent),
  };
}

/** CPU use of each process between start() and stop(), from /proc. */
export class CpuSampler {
  private readonly start: CpuSnapshot;

  constructor(private readonly processes: readonly NetworkProcess[]) {
    this.start = snapshot(processes);
  }

  stop(): CpuProfile {
    const { seconds, machineBusyPercent, processes } = usageBetween(this.processes, this.start, snapshot(this.processes));
    const sampled = processes.reduce((sum, entry) => sum + entry.cpuPercent, 0);
    return { seconds, processes, machineBusyPercent, otherPercent: Math.max(0, machineBusyPercent * cpus().length - sampled) };
  }
}

export interface Quiet {
  /** True when the processes went quiet before the timeout. */
  quiet: boolean;
  waitedMs: number;
  /** Their CPU together in the last window, in % of one core, and the busiest of them then. */
  lastPercent: number;
  busiest: { name: string; cpuPercent: number }[];
}

/**
 * Waits until `processes` (the benchmark's own client left out) together use less than `busyPercent` of one core
 * over a whole window of `windowMs`, at most `timeoutMs`. After a saturating run the peers go on compacting their
 * state databases for seconds (goleveldb works off the writes' backlog in the background); a paced run started
 * meanwhile would measure that backlog of the run before instead of its own rate.
 */
export async function untilQuiet(
  processes: readonly NetworkProcess[], { busyPercent = 25, windowMs = 2_000, timeoutMs = 90_000 } = {},
): Promise<Quiet> {
  const watched = processes.filter(({ role }) => role !== 'client');
  const started = performance.now();
  for (;;) {
    const first = snapshot(watched);
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const usage = usageBetween(watched, first, snapshot(watched));
    const lastPercent = usage.processes.reduce((sum, entry) => sum + entry.cpuPercent, 0);
    const waitedMs = performance.now() - started;
    if (lastPercent < busyPercent || waitedMs >= timeoutMs) {
      return { quiet: lastPercent < busyPercent, waitedMs, lastPercent, busiest: usage.processes.slice(0, 3) };
    }
  }
}

/** One line on how long the network took to go quiet, and who was still busy if it did not. */
export function describeQuiet({ quiet, waitedMs, lastPercent, busiest }: Quiet): string {
  const last = `${lastPercent.toFixed(0)}% of a core in the last window`;
  return quiet
    ? `network quiet after ${(waitedMs / 1000).toFixed(1)} s (${last})`
    : `network still busy after ${(waitedMs / 1000).toFixed(1)} s (${last}: ${busiest.map(({ name, cpuPercent }) => `${name} ${cpuPercent.toFixed(0)}%`).join(', ')}); run started anyway`;
}

/**
 * CPU use of each process sampled every `intervalMs`, so a short window (a stall of a few hundred ms) can be
 * looked at afterwards: which processes had the cores while another one waited.
 */
export class CpuTimeline {
  private readonly samples: CpuSnapshot[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly processes: readonly NetworkProcess[], private readonly intervalMs = 100) {}

  start(): void {
    this.samples.push(snapshot(this.processes));
    this.timer = setInterval(() => this.samples.push(snapshot(this.processes)), this.intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.samples.push(snapshot(this.processes));
  }

  /** {@link usageBetween} two performance.now() times, widened to the samples around them. */
  usageBetween(fromMs: number, toMs: number): { machineBusyPercent: number; processes: { name: string; cpuPercent: number }[] } {
    const first = [...this.samples].reverse().find((sample) => sample.at <= fromMs) ?? this.samples[0];
    const last = this.samples.find((sample) => sample.at >= toMs) ?? this.samples[this.samples.length - 1];
    return usageBetween(this.processes, first, last);
  }
}
