import { strict as assert } from 'node:assert';
import { ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// The link emulator that `hosts.sh degrade` runs where the kernel has no tc netem (network/scripts/link-emulator.sh
// and network/linkem), on two hosts of this test's own: network namespaces lk-a and lk-b on a bridge lk-br, apart
// from the hosts topology's. Each direction of lk-a's link gets DELAY and LOSS: a ping from lk-a takes 2 x DELAY
// longer and is lost with probability 1 - (1 - LOSS)^2, linkem's own count drops about LOSS of the packets, TCP
// carries a transfer through it intact, and switching it off leaves the link as it was and no rule behind.

const SCRIPT = path.resolve(__dirname, '..', '..', 'network', 'scripts', 'link-emulator.sh');
const BRIDGE = 'lk-br';
const HOSTS = [
  { namespace: 'lk-a', inside: 'lk-pa', outside: 'lk-va', address: '10.239.28.10' },
  { namespace: 'lk-b', inside: 'lk-pb', outside: 'lk-vb', address: '10.239.28.11' },
] as const;
const [A, B] = HOSTS;
const DELAY_MS = 40;
const LOSS = 0.1;
const TCP_PORT = 7099;

function run(command: string, ...args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function inNamespace(namespace: string, command: string, ...args: string[]): string {
  return run('ip', 'netns', 'exec', namespace, command, ...args);
}

function removeHosts(): void {
  for (const host of HOSTS) {
    try { run('ip', 'netns', 'delete', host.namespace); } catch { /* not there */ }
    try { run('ip', 'link', 'delete', host.outside); } catch { /* went with its namespace */ }
  }
  try { run('ip', 'link', 'delete', BRIDGE); } catch { /* not there */ }
}

function createHosts(): void {
  run('ip', 'link', 'add', BRIDGE, 'type', 'bridge');
  run('ip', 'link', 'set', BRIDGE, 'up');
  for (const host of HOSTS) {
    run('ip', 'netns', 'add', host.namespace);
    run('ip', 'link', 'add', host.outside, 'type', 'veth', 'peer', 'name', host.inside);
    run('ip', 'link', 'set', host.inside, 'netns', host.namespace);
    run('ip', 'link', 'set', host.outside, 'master', BRIDGE);
    run('ip', 'link', 'set', host.outside, 'up');
    inNamespace(host.namespace, 'ip', 'addr', 'add', `${host.address}/24`, 'dev', host.inside);
    inNamespace(host.namespace, 'ip', 'link', 'set', host.inside, 'up');
    inNamespace(host.namespace, 'ip', 'link', 'set', 'lo', 'up');
  }
}

interface Pings { sent: number; received: number; minMs: number; avgMs: number; maxMs: number }

/**
 * COUNT pings from lk-a to lk-b, one every INTERVAL seconds. -U times them from the sending to the receiving program:
 * the kernel's receive timestamp, which ping uses otherwise, is taken before netfilter holds an arriving reply.
 */
function ping(count: number, interval: string): Pings {
  const out = inNamespace(A.namespace, 'ping', '-U', '-q', '-c', String(count), '-i', interval, '-W', '2', B.address);
  const counts = /(\d+) packets transmitted, (\d+) received/.exec(out);
  const rtt = /= ([\d.]+)\/([\d.]+)\/([\d.]+)\//.exec(out);
  assert.ok(counts && rtt, `ping's summary: ${out}`);
  return { sent: Number(counts[1]), received: Number(counts[2]), minMs: Number(rtt[1]), avgMs: Number(rtt[2]), maxMs: Number(rtt[3]) };
}

function emulator(...args: string[]): void {
  execFileSync(SCRIPT, args, { stdio: ['ignore', 'inherit', 'inherit'] });
}

function queueRules(): string[] {
  return inNamespace(A.namespace, 'iptables', '-S').split('\n').filter((line) => line.includes('NFQUEUE'));
}

/** A TCP server in lk-b that answers each connection with the SHA-256 of what it received. */
const SERVER = `require('net').createServer((s) => { const h = require('crypto').createHash('sha256');
  s.on('data', (d) => h.update(d)); s.on('end', () => s.end(h.digest('hex'))); }).listen(${TCP_PORT}, () => console.log('listening'));`;
/** A client in lk-a that sends BYTES random bytes and prints whether the server's hash is theirs. */
const CLIENT = `const data = require('crypto').randomBytes(Number(process.argv[1])); let answer = '';
  const s = require('net').connect(${TCP_PORT}, '${B.address}', () => s.end(data));
  s.on('data', (d) => (answer += d)); s.on('end', () => console.log(answer === require('crypto').createHash('sha256').update(data).digest('hex') ? 'intact' : 'corrupt'));`;

function transfer(bytes: number, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('ip', ['netns', 'exec', A.namespace, process.execPath, '-e', CLIENT, String(bytes)], { timeout: timeoutMs, encoding: 'utf8' },
      (error, stdout) => (error ? reject(error) : resolve(stdout.trim())));
  });
}

describe('link emulator: delay and loss on a host\'s link without tc netem', function () {
  this.timeout(60_000);
  let dir: string;
  let server: ChildProcess | undefined;

  before(async function () {
    assert.equal(process.getuid?.(), 0, 'network namespaces need root');
    removeHosts();
    createHosts();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lk-linkem-'));
    server = spawn('ip', ['netns', 'exec', B.namespace, process.execPath, '-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      server?.stdout?.once('data', () => resolve());
      server?.once('exit', (code) => reject(new Error(`the TCP server in ${B.namespace} exited with ${code}`)));
    });
  });

  after(() => {
    if (dir) emulator('off', A.namespace, A.inside, dir);
    server?.kill();
    removeHosts();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a loss that is not a percentage, and changes nothing', () => {
    assert.throws(() => execFileSync(SCRIPT, ['on', A.namespace, A.inside, '40ms', '150%', dir], { stdio: 'pipe' }),
      (error: { stderr: Buffer }) => /loss '150%' is not a percentage from 0 to 100/.test(error.stderr.toString()));
    assert.deepEqual(queueRules(), []);
    assert.ok(!fs.existsSync(path.join(dir, 'pids', 'linkem.pid')));
  });

  it('adds DELAY and LOSS to each direction, carries TCP, and leaves the link as it was when switched off', async () => {
    const before = ping(20, '0.01');
    assert.equal(before.received, before.sent, 'the link loses nothing before');
    assert.ok(before.avgMs < DELAY_MS, `round trip ${before.avgMs} ms before`);

    emulator('on', A.namespace, A.inside, `${DELAY_MS}ms`, `${LOSS * 100}%`, dir);
    assert.equal(queueRules().length, 2, 'one rule per direction');
    const degraded = ping(500, '0.01');
    const lost = 1 - degraded.received / degraded.sent;
    const expected = 1 - (1 - LOSS) ** 2;
    console.log(`      ${DELAY_MS} ms and ${LOSS * 100} % each way: ${degraded.sent} pings, ${(lost * 100).toFixed(1)} % lost (expected ${(expected * 100).toFixed(1)} %), `
      + `round trip min/avg/max ${degraded.minMs}/${degraded.avgMs}/${degraded.maxMs} ms (before: avg ${before.avgMs} ms)`);
    // No reply can come sooner than both delays; the average leaves room for a busy machine's scheduling, not for a
    // delay applied twice.
    assert.ok(degraded.minMs >= 2 * DELAY_MS, `fastest round trip ${degraded.minMs} ms, expected at least ${2 * DELAY_MS} ms`);
    assert.ok(degraded.avgMs < 3 * DELAY_MS, `average round trip ${degraded.avgMs} ms, expected about ${2 * DELAY_MS} ms`);
    // Binomial over 500 pings: 4 standard deviations either side of 19 % are 12 % and 26 %.
    assert.ok(lost > 0.12 && lost < 0.26, `${(lost * 100).toFixed(1)} % of the pings lost, expected about ${(expected * 100).toFixed(1)} %`);

    assert.equal(await transfer(256 * 1024, 30_000), 'intact', 'TCP carries 256 KiB intact through the lossy link');

    emulator('off', A.namespace, A.inside, dir);
    assert.deepEqual(queueRules(), [], 'no rule left');
    assert.ok(!fs.existsSync(path.join(dir, 'pids', 'linkem.pid')), 'no pid file left');
    const report = /stopped: (\d+) packets, \d+ accepted, (\d+) dropped/.exec(fs.readFileSync(path.join(dir, 'logs', 'linkem.log'), 'utf8'));
    assert.ok(report, 'linkem reports what it did when it stops');
    const [packets, dropped] = [Number(report[1]), Number(report[2])];
    console.log(`      linkem: ${packets} packets, ${dropped} dropped (${((dropped / packets) * 100).toFixed(1)} %)`);
    // Over the pings both ways and the transfer (about 1,300 packets), 10 % +- 3.5 % is 4 standard deviations.
    assert.ok(packets > 900 && Math.abs(dropped / packets - LOSS) < 0.035, `linkem dropped ${dropped} of ${packets} packets`);

    const after = ping(20, '0.01');
    assert.equal(after.received, after.sent, 'the link loses nothing once switched off');
    assert.ok(after.avgMs < DELAY_MS, `round trip ${after.avgMs} ms once switched off`);
  });

});
