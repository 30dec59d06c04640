import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import type { QueryBucket } from '../../src/history/history-reader.js';
import { PERFMON_BIN } from '../support-bin.js';

const dir = mkdtempSync(join(tmpdir(), 'perfmon-full-disk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The recorder on a real full file system: a 2 MiB tmpfs mounted in a private mount namespace
 * (a user namespace maps us to root there, so no privileges are needed), filled with a file
 * until the disk is full while the recorder writes, then freed. The script takes its steps
 * from stdin and answers on stdout; the recorder logs to stderr.
 */
const SCRIPT = `
set -e
mount -t tmpfs -o size=2m tmpfs "$DIR"
node "$BIN" record --store "$DIR/store" --interval 0.25 --flush-interval 0.2 &
pid=$!
read step; dd if=/dev/zero of="$DIR/filler" bs=64k 2>/dev/null || true; echo filled
read step; rm "$DIR/filler"; echo freed
read step; kill -TERM $pid; code=0; wait $pid || code=$?; echo "exit $code"
node "$BIN" history query host_up --store "$DIR/store" --from=-10m --step 1s --json
`;

describe('perfmon record on a disk that fills up', () => {
  it('says the disk is full naming the store, keeps the readings, writes them once there is space, and exits 0 on SIGTERM', async () => {
    const proc = spawn('unshare', ['--user', '--map-root-user', '--mount', 'sh', '-c', SCRIPT], {
      env: { ...process.env, DIR: dir, BIN: PERFMON_BIN, PERFMON_STATE_DIR: dir },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => proc.on('exit', resolve));
    const until = async (check: () => boolean, what: string) => {
      const deadline = Date.now() + 30_000;
      while (!check()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; stderr:\n${err}\nstdout:\n${out}`);
        await sleep(50);
      }
    };
    const store = join(dir, 'store');
    // (LMDB's own "Write error: …" lines have no newline, so a log line may follow one on the same line.)
    const logTime = (text: string) => Date.parse(new RegExp(`(\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z) perfmon record: [^\\n]*${text}`).exec(err)![1]!);
    try {
      await until(() => err.includes(' up\n'), 'the first reading');
      proc.stdin.write('fill\n');
      await until(() => out.includes('filled'), 'the disk to fill');
      await until(() => err.includes(`cannot write the latest readings in ${store}: No space left on device`), 'the full disk to be reported');
      await sleep(2000); // readings taken while the disk is full
      proc.stdin.write('free\n');
      await until(() => err.includes(`history: writing ${store} works again`), 'writing to resume');
      proc.stdin.write('stop\n');
      expect(await exited).toBe(0);
    } finally {
      proc.kill('SIGKILL');
    }
    expect(out).toContain('exit 0');
    // Reported once for the whole stretch, not once per attempt.
    expect(err.split('\n').filter((l) => l.includes('perfmon record: history: cannot write'))).toHaveLength(1);
    const { series } = JSON.parse(out.slice(out.indexOf('{'))) as { series: { buckets: QueryBucket[] }[] };
    const times = series[0]!.buckets.map((b) => b.t);
    const full = logTime('cannot write the latest readings');
    const again = logTime('works again');
    // Seconds read while the disk was full (it is freed a flush interval before "works again") are in the store: they waited in memory.
    expect(times.filter((t) => t > full && t < again - 300).length).toBeGreaterThanOrEqual(1);
    expect(times.length).toBeGreaterThanOrEqual(3);
  }, 60_000);
});
