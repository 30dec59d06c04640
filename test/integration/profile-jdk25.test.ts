/**
 * `perfmon profile` and `perfmon analyze FILE.jfr` as the real bin against a JDK 25 JVM on
 * lab-0 (fixtures/java/ProfileTargets.java): the JSON names each known target on top, the
 * folded and SVG exports are written, the audit log has the recording, `analyze` of the saved
 * file says the same, and --read-only refuses before anything runs.
 */
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDumpLab, stopDumpLab, type DumpLab } from '../diagnostics/capture/dump-lab.js';
import type { JavaProcess } from '../diagnostics/capture/java-processes.js';
import { expectKnownTargetsOnTop, JDK25, startProfileTargets } from '../diagnostics/capture/profile-lab.js';
import { runPerfmon } from '../support-bin.js';

let env: DumpLab;
let java: JavaProcess;

beforeAll(async () => {
  env = await startDumpLab(['ProfileTargets']);
  java = await startProfileTargets(env.connection, env.classes.dir, JDK25);
});

afterAll(() => stopDumpLab(env));

async function folder(name: string): Promise<string> {
  const dir = join(env.work, name);
  await mkdir(dir);
  await chmod(dir, 0o1777);
  return dir;
}

describe('perfmon profile (JDK 25)', () => {
  it('records over SSH, prints the profile as JSON with each known target on top, exports the flame graph; analyze agrees', { timeout: 120_000 }, async () => {
    const [out, dumpDir, cfg] = [await folder('out'), await folder('remote'), await folder('cfg')];
    const config = join(cfg, 'perfmon.yaml');
    await writeFile(config, ['hosts:', '  - name: lab-0', '    jvm:', `      javaHome: ${JDK25}`, `      dumpDir: ${dumpDir}`, ''].join('\n'));
    const [folded, svg] = [join(out, 'cpu.folded'), join(out, 'cpu.svg')];
    const result = await runPerfmon(['profile', 'lab-0', '--pid', String(java.pid), '--duration', '3s', '--json', '--out', out, '--config', config, '--folded', folded, '--svg', svg], env.lab.env);
    expect(result.code, result.stderr).toBe(0);
    const printed = JSON.parse(result.stdout) as { file: string; sha256: string; remoteRemoved: boolean; durationSeconds: number; profile: Parameters<typeof expectKnownTargetsOnTop>[0] };
    expect(printed).toMatchObject({ file: expect.stringMatching(new RegExp(`^${out}/lab-0-${java.pid}-\\d{8}T\\d{6}Z\\.jfr$`)), remoteRemoved: true, durationSeconds: 3 });
    expectKnownTargetsOnTop(printed.profile);
    expect(await readdir(dumpDir)).toEqual([]);
    expect(result.stderr).toContain(`saved ${printed.file} (`);
    expect(result.stderr).toContain(`wrote ${folded}`);
    expect(await readFile(folded, 'utf8')).toMatch(/ProfileTargets\.priceBook;ProfileTargets\.priceQuote \d+$/m);
    const picture = await readFile(svg, 'utf8');
    expect(picture).toMatch(/^<\?xml[^]*<svg [^]*<title>ProfileTargets\.priceQuote \(\d+ samples, [\d.]+%\)<\/title>[^]*<\/svg>\n$/);

    const audit = (await readFile(join(env.lab.home, '.local/state/perfmon/audit.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const mine = audit.filter((a) => a['pid'] === java.pid);
    expect(mine.map((a) => [a['event'], a['ok']])).toEqual([
      ['before', undefined],
      ['after', true],
    ]);
    expect(mine[0]).toMatchObject({ action: 'dump-thread', host: 'lab-0', command: expect.stringContaining('JFR.start') });

    const again = await runPerfmon(['analyze', printed.file, '--json'], env.lab.env);
    expect(again.code, again.stderr).toBe(0);
    const reread = JSON.parse(again.stdout) as typeof printed.profile;
    expect(reread.cpu).toEqual(printed.profile.cpu);
    expect(reread.locks).toEqual(printed.profile.locks);
    const text = await runPerfmon(['analyze', printed.file], env.lab.env);
    expect(text.stdout).toMatch(/^CPU: \d+ execution samples\n {2}SELF +TOTAL +METHOD\n {2}[\d.]+% \(\d+\) +[\d.]+% +ProfileTargets\.priceQuote$/m);
  });

  it('--read-only refuses before connecting (exit 2)', async () => {
    const out = await folder('ro');
    const result = await runPerfmon(['profile', 'lab-0', '--pid', String(java.pid), '--read-only', '--out', out], env.lab.env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^perfmon: .*read-only/m);
    expect(await readdir(out)).toEqual([]);
  });
});
