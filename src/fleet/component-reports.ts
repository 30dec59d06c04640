/**
 * The `components` of `perfmon snapshot --json`: one entry per component that declares
 * something to read (metrics endpoints, SLOs, queue sources, a database), in the ComponentReport
 * shape of src/model/slo-reading.ts, plus `errors` — what could not be read, on which host.
 * Built from the platform readings in the store. Pure.
 */
import type { ComponentReport } from '../model/slo-reading.js';
import type { Component } from '../config/inventory-schema.js';
import type { PlatformState } from '../model/platform-state.js';
import { declaredKinds } from './platform-watcher.js';

export interface ComponentReadError {
  host: string;
  /** What was being read: a metrics endpoint, a queue source, the database. */
  source: 'metrics' | 'queues' | 'database';
  message: string;
}

export type SnapshotComponent = ComponentReport & { errors: ComponentReadError[] };

export function componentReports(components: readonly Pick<Component, 'name' | 'role' | 'metrics' | 'slos' | 'queues' | 'database'>[], platform: PlatformState): SnapshotComponent[] {
  return components.flatMap((component) => {
    const kinds = declaredKinds(component);
    if (kinds.length === 0) return [];
    const app = platform.applications?.find((a) => a.component === component.name);
    const databases = (platform.databases ?? []).filter((d) => d.component === component.name);
    const errors: ComponentReadError[] = [
      ...(app?.detail?.endpoints ?? []).filter((e) => !e.ok).map((e) => ({ host: e.host, source: 'metrics' as const, message: e.error ?? 'failed' })),
      ...(app?.error ? [{ host: '', source: 'metrics' as const, message: app.error }] : []),
      ...(platform.queues?.errors ?? []).filter((e) => e.component === component.name).map((e) => ({ host: e.host, source: 'queues' as const, message: e.message })),
      ...databases.flatMap((d) => (d.error === null ? [] : [{ host: d.host, source: 'database' as const, message: d.error }])),
    ];
    const times = [app?.timeMs, platform.queues?.timeMs, ...databases.map((d) => d.timeMs)].filter((t): t is number => t !== undefined);
    const entry: ComponentReport = {
      name: component.name,
      role: component.role,
      timeMs: app?.report?.timeMs ?? (times.length ? Math.max(...times) : 0),
      appMetrics: app?.report?.appMetrics ?? {},
      slos: app?.report?.slos ?? [],
    };
    if (kinds.includes('queues')) entry.queues = (platform.queues?.queues ?? []).filter((q) => q.component === component.name);
    if (kinds.includes('databases')) entry.database = databases.flatMap((d) => (d.snapshot && d.error === null ? [d.snapshot] : []));
    return [{ ...entry, errors }];
  });
}
