import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  defaultAuditPath,
  defaultConfigPath,
  defaultInventory,
  loadInventory,
  loadInventoryOrThrow,
} from '../../src/config/load-inventory.js';
import { InventoryError, formatProblem } from '../../src/config/problems.js';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'perfmon-config-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('default paths', () => {
  it('follows XDG_CONFIG_HOME and XDG_STATE_HOME, falling back to ~/.config and ~/.local/state', () => {
    expect(defaultConfigPath({ XDG_CONFIG_HOME: '/etc/xdg-home' }, '/home/op')).toBe('/etc/xdg-home/perfmon/perfmon.yaml');
    expect(defaultConfigPath({}, '/home/op')).toBe('/home/op/.config/perfmon/perfmon.yaml');
    // XDG: a relative value is ignored.
    expect(defaultConfigPath({ XDG_CONFIG_HOME: 'relative' }, '/home/op')).toBe('/home/op/.config/perfmon/perfmon.yaml');
    expect(defaultAuditPath({ XDG_STATE_HOME: '/var/state' }, '/home/op')).toBe('/var/state/perfmon/audit.jsonl');
    expect(defaultAuditPath({}, '/home/op')).toBe('/home/op/.local/state/perfmon/audit.jsonl');
  });
});

describe('loadInventory', () => {
  it('means local mode when the default file does not exist', async () => {
    const result = await loadInventory({ env: {}, home });
    expect(result).toEqual({ status: 'absent', path: join(home, '.config/perfmon/perfmon.yaml') });
    expect(await loadInventoryOrThrow({ env: {}, home })).toBeNull();
  });

  it('loads the default file from $XDG_CONFIG_HOME', async () => {
    await mkdir(join(home, 'xdg/perfmon'), { recursive: true });
    await writeFile(join(home, 'xdg/perfmon/perfmon.yaml'), 'hosts: [{name: a}]\n');
    const result = await loadInventory({ env: { XDG_CONFIG_HOME: join(home, 'xdg') }, home });
    expect(result.status).toBe('loaded');
    expect(result.status === 'loaded' && result.inventory.hosts.map((host) => host.name)).toEqual(['a']);
  });

  it('reports a missing explicit file as a problem naming it', async () => {
    const path = join(home, 'nope.yaml');
    const result = await loadInventory({ configPath: path, env: {}, home });
    expect(result.status === 'invalid' && result.problems.map(formatProblem)).toEqual([`${path}: cannot read the inventory: no such file`]);
    await expect(loadInventoryOrThrow({ configPath: path, env: {}, home })).rejects.toThrow(InventoryError);
  });

  it('reports a directory given as the file', async () => {
    const result = await loadInventory({ configPath: home, env: {}, home });
    expect(result.status === 'invalid' && result.problems.map(formatProblem)).toEqual([`${home}: cannot read the inventory: is a directory, not a file`]);
  });

  it('throws one InventoryError listing every problem', async () => {
    const path = join(home, 'bad.yaml');
    await writeFile(path, 'interval: 0\nhosts: [{name: a, port: 0}]\n');
    const error = await loadInventoryOrThrow({ configPath: path, env: {}, home }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InventoryError);
    expect((error as InventoryError).problems).toHaveLength(2);
    expect((error as Error).message).toBe(
      [
        'invalid inventory (2 problems):',
        `${path}:1:11: interval: must be between 250ms and 1m (got 0)`,
        `${path}:2:25: hosts[0].port: a port is a whole number from 1 to 65535 (got 0)`,
      ].join('\n'),
    );
  });

  it('resolves local paths: ~ to the home, relative to the inventory file, audit path defaulted', async () => {
    const path = join(home, 'etc/inv.yaml');
    await mkdir(join(home, 'etc'));
    await writeFile(path, 'ssh: {identityFile: ~/.ssh/ops}\naudit: {path: logs/audit.jsonl}\nhosts: [{name: a, identityFile: keys/a}, {name: b}]\n');
    const inventory = await loadInventoryOrThrow({ configPath: path, env: {}, home });
    expect(inventory?.ssh.identityFile).toBe(join(home, '.ssh/ops'));
    expect(inventory?.audit.path).toBe(join(home, 'etc/logs/audit.jsonl'));
    expect(inventory?.hosts.map((host) => host.identityFile)).toEqual([join(home, 'etc/keys/a'), undefined]);
    const defaulted = await loadInventoryOrThrow({ configPath: join(home, 'etc/inv.yaml'), env: { XDG_STATE_HOME: '/state' }, home });
    expect(defaulted?.audit.path).toBe(join(home, 'etc/logs/audit.jsonl'));
    expect(defaultInventory({ env: { XDG_STATE_HOME: '/state' }, home }).audit.path).toBe('/state/perfmon/audit.jsonl');
  });

  it('reads the history block: the store path resolved like the audit log, ages in seconds, sizes in bytes', async () => {
    const path = join(home, 'etc/inv.yaml');
    await mkdir(join(home, 'etc'));
    await writeFile(path, 'history:\n  path: store\n  retention: {raw: 2d, 1h: 365d}\n  maxBytes: 2GiB\n');
    const inventory = await loadInventoryOrThrow({ configPath: path, env: {}, home });
    expect(inventory?.history).toEqual({ path: join(home, 'etc/store'), retention: { raw: 2 * 86_400, '1m': 90 * 86_400, '1h': 365 * 86_400 }, maxBytes: 2 * 2 ** 30 });
    expect(defaultInventory({ home }).history).toEqual({ path: undefined, retention: { raw: 14 * 86_400, '1m': 90 * 86_400, '1h': 730 * 86_400 } });
  });

  it('names the place of a bad history setting', async () => {
    const path = join(home, 'bad.yaml');
    await writeFile(path, 'history:\n  maxBytes: 2 gigs\n  retention: {raw: 10m, minute: 1d}\n');
    const error = await loadInventoryOrThrow({ configPath: path, env: {}, home }).catch((caught: unknown) => caught);
    const lines = (error as Error).message.split('\n');
    expect(lines).toContain(`${path}:2:13: history.maxBytes: a size is a number of bytes or text like 500MB, 2GiB, 1TB (got "2 gigs")`);
    expect(lines.some((l) => l.startsWith(`${path}:3:`) && l.includes('history.retention.raw: must be at least 1h (got 10m)'))).toBe(true);
    expect(lines.some((l) => l.startsWith(`${path}:3:`) && l.includes('minute'))).toBe(true);
  });
});
