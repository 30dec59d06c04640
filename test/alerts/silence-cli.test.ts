/**
 * perfmon silence add|list|expire, as an operator types them: the silences file beside the store,
 * each change in the audit log with the local user, and mistakes refused naming them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPerfmon } from '../support-bin.js';

const dir = mkdtempSync(join(tmpdir(), 'perfmon-silence-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const inventory = join(dir, 'perfmon.yaml');
writeFileSync(inventory, 'history: {path: store}\naudit: {path: audit.jsonl}\nhosts: []\n');
const env = { ...process.env, XDG_CONFIG_HOME: join(dir, 'xdg'), XDG_STATE_HOME: join(dir, 'state') };
const perfmon = (...args: string[]) => runPerfmon([...args, '--config', inventory], env);

describe('perfmon silence', () => {
  it('adds, lists and expires silences, each change audited', async () => {
    const added = await perfmon('silence', 'add', 'alertname=HostDown', 'host=/db[0-9]+/', '--for', '2h', '--comment', 'rack move');
    expect(added.code).toBe(0);
    const [, id] = /^silence ([0-9a-f]{8}) until \S+: alerts matching alertname=HostDown host=\/db\[0-9\]\+\/ are not sent on$/m.exec(added.stdout) ?? [];
    expect(id).toBeDefined();
    const list = await perfmon('silence', 'list', '--json');
    const { file, silences } = JSON.parse(list.stdout) as { file: string; silences: { id: string; matchers: object; comment: string; endsAt: string; startsAt: string }[] };
    expect(file).toBe(join(dir, 'store', 'silences.json'));
    expect(silences).toHaveLength(1);
    expect(silences[0]).toMatchObject({ id, matchers: { alertname: 'HostDown', host: '/db[0-9]+/' }, comment: 'rack move' });
    expect(Date.parse(silences[0]!.endsAt) - Date.parse(silences[0]!.startsAt)).toBe(7_200_000);
    expect((await perfmon('silence', 'list')).stdout).toMatch(new RegExp(`^${id} +active +\\S+ +\\S+ +alertname=HostDown host=/db\\[0-9\\]\\+/ +rack move$`, 'm'));

    expect((await perfmon('silence', 'expire', id!)).stdout).toBe(`silence ${id} expired\n`);
    expect((await perfmon('silence', 'list')).stdout).toMatch(/^no silences/);
    const audit = readFileSync(join(dir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(audit.map((a) => a['what'])).toEqual(['silence-add', 'silence-expire']);
    expect(audit[0]).toMatchObject({ event: 'note', silence: id, comment: 'rack move', localUser: expect.any(String) });
  });

  it('refuses what is not a silence, naming it', async () => {
    const noFor = await perfmon('silence', 'add', 'alertname=HostDown');
    expect(noFor).toMatchObject({ code: 2, stderr: 'perfmon silence: silence add needs --for DURATION (e.g. --for 1h)\n' });
    const notMatcher = await perfmon('silence', 'add', 'HostDown', '--for', '1h');
    expect(notMatcher.stderr).toBe('perfmon silence: "HostDown" is not a matcher: write label=value or label=/regex/ (e.g. alertname=HostDown host=db1)\n');
    expect((await perfmon('silence', 'add', 'host=db1', '--for', 'soon')).stderr).toBe('perfmon silence: --for "soon" is not a duration (e.g. 30m, 2h, 1d)\n');
    expect((await perfmon('silence', 'expire', 'abcdef12')).stderr).toMatch(/^perfmon silence: no silence abcdef12 in .*silences\.json/);
    writeFileSync(join(dir, 'store', 'silences.json'), '{not json');
    const broken = await perfmon('silence', 'list');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^perfmon silence: silences file .*silences\.json: not JSON \(.*\); fix or remove it\n$/);
    expect(readFileSync(join(dir, 'store', 'silences.json'), 'utf8')).toBe('{not json');
  });
});
