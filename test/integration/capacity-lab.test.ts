/**
 * Time to exhaustion on a filling filesystem of a lab host, end to end: a 64 MiB tmpfs mounted
 * in the lab's directory (the lab's sshd hosts share this machine's mounts, and the machine's
 * own disk is far too large to fill), a writer that grows a file in it at a known rate (the
 * file is R × elapsed bytes at every tick, whatever the timers' jitter), `perfmon record`
 * recording the lab host over SSH, and `perfmon capacity --json` read while it records. The
 * truth at the report's moment is (size − R × elapsed) / R; the forecast must be within 20 %.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryReader } from '../../src/history/history-reader.js';
import { startLab, type Lab } from '../lab/lab.js';
import { PERFMON_BIN, runPerfmon } from '../support-bin.js';

const MIB = 1024 * 1024;
const SIZE = 64 * MIB;
const RATE = 160 * 1024; // bytes per second: full in ~410 s

describe('perfmon capacity on a lab host with a filling filesystem', () => {
  let lab: Lab;
  let mount: string;
  let mounted = false;
  let recorder: ReturnType<typeof spawn> | undefined;
  let writer: NodeJS.Timeout | undefined;
  beforeAll(async () => {
    lab = await startLab({ hosts: 1 });
    mount = join(lab.dir, 'fill');
    mkdirSync(mount);
    // Needs root (the lab's machine runs the tests as root; the mount is undone in afterAll).
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${SIZE}`, 'tmpfs', mount]);
    mounted = true;
  });
  afterAll(async () => {
    if (writer) clearInterval(writer);
    recorder?.kill('SIGTERM');
    if (mounted) execFileSync('umount', ['-l', mount]);
    await lab?.stop();
  });

  it('forecasts the time to full within 20 % of the truth, ranked first', async () => {
    const inventory = join(lab.dir, 'perfmon.yaml');
    const store = join(lab.dir, 'history');
    writeFileSync(inventory, ['interval: 0.25', 'history: {path: history}', 'hosts:', `  - { name: lab-0, address: lab-0 }`, 'components:', '  - { name: order-engine, role: order-engine, hosts: [lab-0] }', ''].join('\n'));
    const file = join(mount, 'growing.log');
    const fd = openSync(file, 'w');
    const started = Date.now();
    let written = 0;
    writer = setInterval(() => {
      // Grown to exactly RATE × elapsed (real bytes: a sparse file would take no room): a late tick catches up.
      const target = Math.min(SIZE - MIB, Math.floor((RATE * (Date.now() - started)) / 1000));
      if (target > written) written += writeSync(fd, Buffer.alloc(target - written, 0x61));
    }, 200);
    recorder = spawn(process.execPath, [PERFMON_BIN, 'record', '--config', inventory], { env: lab.env, stdio: 'ignore' });
    // The collector runs df every 30 readings (7.5 s at 0.25 s) and repeats its figures between: wait for 10 of them in history.
    for (;;) {
      await sleep(2000);
      const reader = await HistoryReader.open(store).catch(() => undefined);
      if (!reader) continue;
      try {
        const buckets = reader.query({ name: 'fs_used_bytes', labels: { host: 'lab-0', mount } }, started, Date.now() + 1000, 1000)[0]?.buckets ?? [];
        if (new Set(buckets.map((b) => b.mean)).size >= 10) break;
      } finally {
        reader.close();
      }
      expect(Date.now() - started, 'df readings of the tmpfs in history').toBeLessThan(240_000);
    }
    const { code, stdout, stderr } = await runPerfmon(['capacity', '--json', '--config', inventory], lab.env);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { at: string; resources: { kind: string; host: string; target: string; exhaustionInMs: number | null; components: string[]; slopePerHour: number }[] };
    const fill = report.resources.find((r) => r.kind === 'filesystem' && r.target === mount)!;
    expect(fill.host).toBe('lab-0');
    expect(fill.components).toEqual(['order-engine']);
    // The first of the host's filesystems to run out (the machine's own disk has days, or never;
    // the CPU of this shared machine may well be past critical at peak, so it is not compared).
    expect(report.resources.filter((r) => r.host === 'lab-0' && r.kind === 'filesystem')[0]!.target).toBe(mount);
    const elapsed = (Date.parse(report.at) - started) / 1000;
    const truth = ((SIZE - RATE * elapsed) / RATE) * 1000;
    process.stdout.write(`capacity lab: forecast ${(fill.exhaustionInMs! / 1000).toFixed(1)} s to full, truth ${(truth / 1000).toFixed(1)} s, after ${elapsed.toFixed(1)} s of history\n`);
    expect(Math.abs(fill.exhaustionInMs! - truth) / truth).toBeLessThan(0.2);
    expect(Math.abs(fill.slopePerHour / 3600 - RATE) / RATE).toBeLessThan(0.2);
  }, 300_000);
});
