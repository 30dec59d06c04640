/**
 * How long the dump captures take end to end on the lab (a real sshd on loopback, real JVMs):
 *  - a 3-dump thread dump series `--every 10` of the monitor deadlock, and the same 3 dumps
 *    back to back (the capture cost itself);
 *  - a heap dump of a JVM holding ~200 MB of heap (GrowingCache grown until it does), with
 *    -all and with --live: space check, jcmd GC.heap_dump -gz=1, remote SHA-256, SFTP fetch,
 *    verification, remote removal.
 * Prints figures only (no pass/fail). Needs root, like the lab tests.
 *
 * Run from the repository root:
 *   npx esbuild bench/dumps-timing.ts --bundle --platform=node --format=esm --packages=external \
 *     --outfile=tmp/bench/dumps-timing.mjs --log-level=warning && node tmp/bench/dumps-timing.mjs [HEAP_MB]
 *   (tmp/ is git-ignored; two levels deep so the fixtures resolve as from test/diagnostics/)
 */
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { captureHeapDump, type HeapDumpProgress } from '../src/diagnostics/capture/heap-dump-capture.js';
import { captureThreadDumps, type ThreadDumpProgress } from '../src/diagnostics/capture/thread-dump-capture.js';
import { formatBytes } from '../src/format/units.js';
import { connect } from '../src/ssh/connection.js';
import { SshConfigSource } from '../src/ssh/ssh-config.js';
import { compileForLab, startRemoteJava, stopAllJava } from '../test/diagnostics/capture/java-processes.js';
import { startLab } from '../test/lab/lab.js';

const heapTarget = Number(process.argv[2] ?? 200) * 1024 * 1024;
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(2);

const lab = await startLab({ hosts: 1 });
const classes = await compileForLab(['MonitorDeadlock', 'GrowingCache']);
const work = await mkdtemp(join(tmpdir(), 'perfmon-bench-dumps-'));
// The remote dump directory (the lab user writes the dump there) and the local output folder.
const dumpDir = join(work, 'remote');
const outDir = join(work, 'local');
await mkdir(dumpDir, { mode: 0o1777 });
await chmod(work, 0o755);
await chmod(dumpDir, 0o1777);
try {
  let t = performance.now();
  const connection = await connect(new SshConfigSource({ home: lab.home }).resolve('lab-0'), { env: lab.env });
  console.log(`connect to lab-0: ${seconds(t)} s`);

  const deadlock = await startRemoteJava(connection, classes.dir, 'MonitorDeadlock');
  for (const every of [10, 0]) {
    const perDump: string[] = [];
    let started = 0;
    t = performance.now();
    const series = await captureThreadDumps(connection, { host: 'lab-0', pid: deadlock.pid, count: 3, everySeconds: every, outDir }, (e: ThreadDumpProgress) => {
      if (e.type === 'dumping') started = performance.now();
      if (e.type === 'saved') perDump.push(`${seconds(started)} s (${formatBytes(e.bytes)})`);
    });
    console.log(`thread dump series, 3 dumps --every ${every}: ${seconds(t)} s end to end; each dump ${perDump.join(', ')}; ${series.files.length} files`);
  }
  deadlock.kill();

  const cache = await startRemoteJava(connection, classes.dir, 'GrowingCache', ['-Xmx2g']);
  t = performance.now();
  // ~130 bytes of heap per entry; grow in steps and let the dump's own plan report the heap.
  await cache.grow(Math.ceil(heapTarget / 130));
  console.log(`grew the cache in ${seconds(t)} s`);
  for (const live of [false, true]) {
    const marks: string[] = [];
    let used = 0;
    let rate = 0;
    t = performance.now();
    const dump = await captureHeapDump(connection, { host: 'lab-0', pid: cache.pid, outDir, dumpDir, live }, (e: HeapDumpProgress) => {
      if (e.type === 'plan') {
        used = e.plan.heapUsed;
        marks.push(`checks ${seconds(t)} s`);
      }
      if (e.type === 'dumped') marks.push(`jcmd ${e.seconds.toFixed(2)} s`);
      if (e.type === 'checksum') marks.push(`dumped at ${seconds(t)} s`);
      if (e.type === 'fetching') rate = e.progress.bytesPerSecond;
      if (e.type === 'verified') marks.push(`verified at ${seconds(t)} s`);
    });
    console.log(
      `heap dump ${live ? '--live' : '-all'}: heap ${formatBytes(used)} in use → ${formatBytes(dump.bytes)} gzipped; ${seconds(t)} s end to end ` +
        `(${marks.join(', ')}; fetch ${dump.fetchSeconds.toFixed(2)} s at ${formatBytes(rate)}/s; remote removed: ${dump.remoteRemoved})`,
    );
  }
  cache.kill();
  connection.close();
} finally {
  stopAllJava();
  await lab.stop();
  await classes.remove();
  await rm(work, { recursive: true, force: true });
}
