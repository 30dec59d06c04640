/**
 * What reading a JVM's heap/GC/thread figures once a second costs the host, for the ways the
 * JVM monitor could do it (the "measure and pick" behind src/collect/jvm/jvm-monitor.ts):
 *  - perfmon's monitor: one long-lived jstat per JVM streaming raw counters, relayed by a shell
 *    with builtins (no fork per sample);
 *  - a jcmd per sample (`jcmd PID PerfCounter.print`: a JVM start each time);
 *  - a one-shot jstat per sample (`jstat -gc PID`: also a JVM start each time).
 * Measured on this machine against a local JVM: CPU seconds of everything each way runs
 * (its process group, or the children of a shell loop), per sample. Prints figures only.
 *
 * Run from the repository root (root, like the lab tests, is not needed):
 *   npx esbuild bench/dumps-jvm-metrics-cost.ts --bundle --platform=node --format=esm --packages=external \
 *     --outfile=tmp/bench/dumps-jvm-metrics-cost.mjs --log-level=warning && node tmp/bench/dumps-jvm-metrics-cost.mjs [SECONDS]
 */
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { JvmMonitor } from '../src/collect/jvm/jvm-monitor.js';
import { compileForLab, startLocalJava, stopAllJava } from '../test/diagnostics/capture/java-processes.js';

const SECONDS = Number(process.argv[2] ?? 20);
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** CPU seconds (user + system) of the live processes of a process group. */
function groupCpuSeconds(pgid: number): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone meanwhile
    }
  }
  return ticks / CLK_TCK;
}

/** Runs `command` (with PID substituted) once a second for `samples` seconds in bash; its children's CPU seconds. */
function loopCpuSeconds(command: string, samples: number): number {
  const out = execFileSync('bash', ['-c', `for i in $(seq ${samples}); do ${command} >/dev/null 2>&1; sleep 1; done; times`], { encoding: 'utf8' });
  const children = out.trim().split('\n').at(-1)!.split(/\s+/);
  const secondsOf = (t: string) => {
    const m = /^(\d+)m([\d.]+)s$/.exec(t)!;
    return Number(m[1]) * 60 + Number(m[2]);
  };
  // `sleep` is a child too; its CPU is negligible.
  return secondsOf(children[0]!) + secondsOf(children[1]!);
}

const classes = await compileForLab(['GrowingCache']);
try {
  const java = await startLocalJava(classes.dir, 'GrowingCache');
  await java.grow(100_000);

  const child = spawn('sh', ['-s'], { detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  let bytes = 0;
  child.stdout.on('data', (chunk: Buffer) => (bytes += chunk.length));
  const monitor = await JvmMonitor.overStreams(
    { stdin: child.stdin, stdout: child.stdout, stderr: child.stderr },
    { host: 'local', intervalMs: 1000, discoverEveryMs: 3_600_000, codeCacheEveryMs: 0 },
    () => child.stdin.end(),
  );
  let samples = 0;
  monitor.onSnapshot((s) => s.pid === java.pid && s.status === 'ok' && samples++);
  // Let jstat's own JVM warm up before measuring.
  await new Promise((r) => setTimeout(r, 5000));
  const [cpu0, samples0, bytes0] = [groupCpuSeconds(child.pid!), samples, bytes];
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const [cpu1, samples1, bytes1] = [groupCpuSeconds(child.pid!), samples, bytes];
  const rss = rssOfJstat(child.pid!);
  monitor.stop();
  const n = samples1 - samples0;
  console.log(
    `perfmon monitor (1 jstat streaming): ${(((cpu1 - cpu0) / n) * 1000).toFixed(1)} ms CPU per sample over ${n} samples ` +
      `(${(((cpu1 - cpu0) / SECONDS) * 100).toFixed(2)}% of a core), ${Math.round((bytes1 - bytes0) / n)} bytes per sample on the channel, ` +
      `RSS of its jstat ${rss}`,
  );

  const loop = Math.max(5, Math.round(SECONDS / 2));
  const jcmd = loopCpuSeconds(`jcmd ${java.pid} PerfCounter.print`, loop);
  console.log(`jcmd PerfCounter.print per sample: ${((jcmd / loop) * 1000).toFixed(0)} ms CPU per sample (${((jcmd / loop) * 100).toFixed(1)}% of a core at 1 s)`);
  const jstat = loopCpuSeconds(`jstat -gc ${java.pid}`, loop);
  console.log(`jstat -gc once per sample: ${((jstat / loop) * 1000).toFixed(0)} ms CPU per sample (${((jstat / loop) * 100).toFixed(1)}% of a core at 1 s)`);
  java.kill();
} finally {
  stopAllJava();
  await classes.remove();
}

function rssOfJstat(pgid: number): string {
  for (const entry of readdirSync('/proc')) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid || !stat.includes('(jstat)')) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${entry}/status`, 'utf8'));
      return rss ? `${Math.round(Number(rss[1]) / 1024)} MiB` : '?';
    } catch {
      // not a process, or gone
    }
  }
  return 'gone';
}
