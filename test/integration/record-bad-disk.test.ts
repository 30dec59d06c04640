import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { QueryBucket } from '../../src/history/history-reader.js';
import { PERFMON_BIN } from '../support-bin.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/**
 * A shell script in a private mount namespace (a user namespace maps us to root there, so no
 * privileges are needed) over a tmpfs mounted on `DIR`: real full and read-only file systems.
 * It takes its steps from stdin, answers on stdout; the recorders it starts log to stderr.
 * There is no inventory (XDG_CONFIG_HOME is empty): perfmon record watches this machine.
 */
function inNamespace(script: string) {
  const dir = mkdtempSync(join(tmpdir(), 'perfmon-bad-disk-'));
  dirs.push(dir);
  const proc = spawn('unshare', ['--user', '--map-root-user', '--mount', 'sh', '-c', `set -e\nmount -t tmpfs -o size=2m tmpfs "$DIR"\n${script}`], {
    env: { ...process.env, DIR: dir, BIN: PERFMON_BIN, PERFMON_STATE_DIR: dir, XDG_CONFIG_HOME: join(dir, 'config') },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const run = { store: join(dir, 'store'), out: '', err: '', exited: new Promise<number | null>((resolve) => proc.on('exit', resolve)) };
  proc.stdout.on('data', (d: Buffer) => (run.out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (run.err += d.toString()));
  return {
    run,
    step: (name: string) => void proc.stdin.write(`${name}\n`),
    kill: () => proc.kill('SIGKILL'),
    async until(check: () => boolean, what: string) {
      const deadline = Date.now() + 30_000;
      while (!check()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; stderr:\n${run.err}\nstdout:\n${run.out}`);
        await sleep(50);
      }
    },
    /** The time of the recorder's log line containing `text` (LMDB's own "Write error: …" lines have no newline, so one may come first on a line). */
    logTime: (text: string) => Date.parse(new RegExp(`(\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z) perfmon record: [^\\n]*${text}`).exec(run.err)![1]!),
    /** The host_up seconds the script's last command printed as JSON. */
    upSeconds: () => (JSON.parse(run.out.slice(run.out.indexOf('{'), run.out.lastIndexOf('}') + 1)) as { series: { buckets: QueryBucket[] }[] }).series[0]!.buckets.map((b) => b.t),
  };
}

const QUERY = 'node "$BIN" history query host_up --store "$DIR/store" --from=-10m --step 1s --json';
const RECORD = 'node "$BIN" record --store "$DIR/store" --interval 0.25 --flush-interval 0.2 &\npid=$!';
/** On the step `stop`: SIGTERM the recorder, say how it exited, print what history holds. */
const STOP_AND_QUERY = `read step; kill -TERM $pid; code=0; wait $pid || code=$?; echo "exit $code"\n${QUERY}`;

describe('perfmon record on a bad disk', () => {
  it('on a disk that fills up: says so once naming the store, keeps the readings, writes them once there is space, exits 0 on SIGTERM', async () => {
    const ns = inNamespace(`
${RECORD}
read step; dd if=/dev/zero of="$DIR/filler" bs=64k 2>/dev/null || true; echo filled
read step; rm "$DIR/filler"; echo freed
${STOP_AND_QUERY}
`);
    const { run } = ns;
    try {
      await ns.until(() => run.err.includes(' up\n'), 'the first reading');
      ns.step('fill');
      await ns.until(() => run.out.includes('filled'), 'the disk to fill');
      await ns.until(() => run.err.includes(`cannot write the latest readings in ${run.store}: No space left on device`), 'the full disk to be reported');
      await sleep(2000); // readings taken while the disk is full
      ns.step('free');
      await ns.until(() => run.err.includes(`history: writing ${run.store} works again`), 'writing to resume');
      ns.step('stop');
      expect(await run.exited).toBe(0);
    } finally {
      ns.kill();
    }
    expect(run.out).toContain('exit 0');
    // Reported once for the whole stretch, not once per attempt.
    expect(run.err.split('\n').filter((l) => l.includes('perfmon record: history: cannot write'))).toHaveLength(1);
    const times = ns.upSeconds();
    const full = ns.logTime('cannot write the latest readings');
    const again = ns.logTime('works again');
    // Seconds read while the disk was full (it is freed a flush interval before "works again") are in the store: they waited in memory.
    expect(times.filter((t) => t > full && t < again - 300).length).toBeGreaterThanOrEqual(1);
    expect(times.length).toBeGreaterThanOrEqual(3);
  }, 60_000);

  it('on a read-only file system: says so naming the store, keeps watching, leaves the recorded data as it was, exits 0', async () => {
    const ns = inNamespace(`
${RECORD}
${STOP_AND_QUERY}
mount -o remount,ro "$DIR"
echo read-only
${RECORD}
${STOP_AND_QUERY}
`);
    const { run } = ns;
    try {
      await ns.until(() => run.err.includes(' up\n'), 'the first reading');
      await sleep(1500); // a few seconds recorded
      ns.step('stop');
      await ns.until(() => run.out.includes('read-only'), 'the remount');
      const before = ns.upSeconds();
      run.out = '';
      await ns.until(() => run.err.split(' up\n').length === 3, 'the second recorder to watch');
      ns.step('stop');
      expect(await run.exited).toBe(0);
      expect(run.out).toContain('exit 0');
      expect(ns.upSeconds()).toEqual(before);
      expect(before.length).toBeGreaterThan(0);
    } finally {
      ns.kill();
    }
    expect(run.err).toContain(`history: cannot take the writer lock at ${join(run.store, 'writer.lock')}: the file system is read-only; hosts are still watched`);
    expect(run.err).toContain(`not recording until ${run.store} opens`);
  }, 60_000);
});
