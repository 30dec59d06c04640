/**
 * An EmergencyDesk for view tests: an inventory whose commands run a small real service script
 * on this machine (test/procedures/local-host-access.ts runs them through sh), so the pane is
 * driven through the real engine (plans, locks, journal, audit log) with the test in charge of
 * when a host is healthy or fails to restart. Hosts share the machine: each has its files.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostSnapshot } from '../../src/model/host-snapshot.js';
import type { MetricStore } from '../../src/model/store.js';
import { AuditLog, currentIdentity } from '../../src/procedures/audit-log.js';
import { ComponentHealthWatch } from '../../src/procedures/component-health-watch.js';
import type { HostAccess } from '../../src/procedures/host-access.js';
import type { Inventory } from '../../src/config/inventory-schema.js';
import { EmergencyDesk } from '../../views/emergency/emergency-desk.js';
import type { Observable } from '../../views/emergency/observable.js';
import { inventoryFrom } from '../procedures/inventory-text.js';
import { LocalHostAccess } from '../procedures/local-host-access.js';
import { capturedSnapshot } from './render-app.js';

const SERVICE = `#!/bin/sh
dir=$(dirname "$0"); action=$1; host=$2
case $action in
  restart)
    echo "$host" >>"$dir/restarts"
    if [ -f "$dir/fail-$host" ]; then echo "boom on $host"; exit 1; fi
    if [ -f "$dir/hold" ]; then rm -f "$dir/healthy-$host"; else touch "$dir/healthy-$host"; fi
    echo "restarted $host" ;;
  health) if [ -f "$dir/healthy-$host" ]; then echo UP; else echo STARTING; exit 1; fi ;;
  drain) echo "$host" >>"$dir/drains"; echo drained ;;
  undrain) echo undrained ;;
  flag) echo "$3" >"$dir/flag-$host"; echo "flag $3" ;;
  read) cat "$dir/flag-$host" 2>/dev/null || echo off ;;
esac
`;

export const HOSTS = ['oe-1', 'oe-2', 'oe-3'];

export interface FixtureOptions {
  environment?: string;
  /** YAML lines added at the top level (actions, readOnly, …). */
  top?: string[];
  /** Extra components, YAML list items. */
  components?: string[];
  /** Duration of the `shed` profile. */
  shedFor?: string;
  access?: (inventory: Inventory) => HostAccess;
  readOnly?: boolean;
}

export interface DeskFixture {
  dir: string;
  inventory: Inventory;
  desk: EmergencyDesk;
  access: HostAccess;
  healthy(host: string, ok: boolean): void;
  failRestart(host: string, fail: boolean): void;
  /** Restarted hosts stay unhealthy until healthy(host, true). */
  hold(on: boolean): void;
  restarts(): string[];
  audit(): Array<Record<string, unknown>>;
  /** The real health watch, one round, into the store. */
  checkHealth(store: MetricStore): Promise<void>;
  cleanup(): Promise<void>;
}

export function deskFixture(options: FixtureOptions = {}): DeskFixture {
  const dir = mkdtempSync(join(tmpdir(), 'perfmon-emergency-'));
  writeFileSync(join(dir, 'svc.sh'), SERVICE);
  for (const host of HOSTS) writeFileSync(join(dir, `healthy-${host}`), '');
  const svc = `sh ${dir}/svc.sh`;
  const health = ['    health:', `      command: ${svc} health {host}`, '      interval: 0.25', '      timeout: 5', '      healthyFor: 0', '      startTimeout: 30'];
  const yaml = [
    ...(options.environment === undefined ? ['environment: production'] : options.environment === '' ? [] : [`environment: ${options.environment}`]),
    `audit: {path: ${dir}/audit.jsonl}`,
    ...(options.top ?? []),
    'hosts:',
    ...HOSTS.map((h) => `  - {name: ${h}, address: 127.0.0.1}`),
    'components:',
    '  - name: engine',
    '    role: order-engine',
    `    hosts: [${HOSTS.join(', ')}]`,
    '    maxUnavailable: 2',
    '    dependsOn: [db]',
    ...health,
    `    drain: ${svc} drain {host}`,
    `    restart: ${svc} restart {host}`,
    `    undrain: ${svc} undrain {host}`,
    '    controls:',
    '      - name: new-orders',
    '        type: flag',
    '        description: accept new orders',
    `        on: ${svc} flag {host} on`,
    `        off: ${svc} flag {host} off`,
    `        read: ${svc} read {host}`,
    '  - name: db',
    '    role: database',
    `    hosts: [${HOSTS[0]}]`,
    '    priority: 0',
    ...health,
    `    restart: ${svc} restart {host}`,
    ...(options.components ?? []),
    'profiles:',
    '  shed:',
    '    description: stop taking new orders',
    ...(options.shedFor === undefined ? [] : [`    duration: ${options.shedFor}`]),
    '    set: [{component: engine, control: new-orders, state: on}]',
    '',
  ].join('\n');
  const inventory = inventoryFrom(yaml);
  const access = options.access?.(inventory) ?? new LocalHostAccess();
  const desk = new EmergencyDesk({
    inventory,
    access,
    audit: new AuditLog(join(dir, 'audit.jsonl'), currentIdentity()),
    stateDir: join(dir, 'state'),
    readOnly: options.readOnly ?? false,
    // Locks stay in this test's directory, not the machine's /tmp.
    lock: { dir },
  });
  const file = (name: string) => join(dir, name);
  const toggle = (name: string, on: boolean) => (on ? writeFileSync(file(name), '') : rmSync(file(name), { force: true }));
  return {
    dir,
    inventory,
    desk,
    access,
    healthy: (host, ok) => toggle(`healthy-${host}`, ok),
    failRestart: (host, fail) => toggle(`fail-${host}`, fail),
    hold: (on) => toggle('hold', on),
    restarts: () => (existsSync(file('restarts')) ? readFileSync(file('restarts'), 'utf8').trim().split('\n') : []),
    audit: () =>
      existsSync(file('audit.jsonl'))
        ? readFileSync(file('audit.jsonl'), 'utf8')
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l) as Record<string, unknown>)
        : [],
    checkHealth: (store) => new ComponentHealthWatch(inventory, access, (health) => store.setPlatform('componentHealth', health), { intervalMs: 60_000 }).checkNow(),
    cleanup: async () => {
      await desk.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Snapshots named like the fixture's hosts: the store knows them as up. */
export function fixtureSnapshots(): HostSnapshot[] {
  return HOSTS.map((name) => ({ ...capturedSnapshot(), name }));
}

/** Resolves once `test` holds for the desk part's state (checked on every change). */
export function until<S extends object>(part: Observable<S>, test: (state: S) => boolean, what = 'the expected state'): Promise<S> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const state = part.getSnapshot();
      if (!test(state)) return false;
      clearTimeout(timer);
      stop();
      resolve(state);
      return true;
    };
    // A guard against a hang, not a timing assertion: the test fails with the state it saw.
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`never reached ${what}: ${JSON.stringify(part.getSnapshot(), null, 1).slice(0, 3000)}`));
    }, 20_000);
    const stop = part.subscribe(() => void check());
    check();
  });
}
