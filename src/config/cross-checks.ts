/**
 * Checks that span fields: names unique, references resolve (hosts, groups, components,
 * controls), pairs complete (stop+start, drain+undrain), no dependency cycles. They run on the
 * raw YAML data, defensively, so they report even when other parts of the file are invalid.
 */
import { didYouMean } from './did-you-mean.js';
import { parseDuration } from './duration.js';
import { findDependencyCycles, formatCycle } from './dependency-cycles.js';
import { HEALTH_ONE_OF, LOGS_ONE_OF } from './component-schema.js';
import { THRESHOLD_DEFAULTS, type ThresholdMetric } from './host-schema.js';
import { templatePlaceholders } from './templates.js';

export interface CrossFinding {
  path: PropertyKey[];
  message: string;
  /** Another place the message refers to ("first defined at line N"). */
  related?: PropertyKey[];
}

type Raw = Record<string, unknown>;
const isRecord = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const has = (record: Raw, key: string): boolean => record[key] !== undefined && record[key] !== null;

function seconds(value: unknown, fallback: number): number {
  if (typeof value === 'number') return value;
  return typeof value === 'string' ? (parseDuration(value) ?? fallback) : fallback;
}

/** Names of the items of a list, with the index where each was first defined; duplicates reported. */
function uniqueNames(items: unknown[], base: PropertyKey[], what: string, out: CrossFinding[]): Map<string, number> {
  const names = new Map<string, number>();
  items.forEach((item, index) => {
    const name = isRecord(item) ? text(item['name']) : undefined;
    if (name === undefined) return;
    const first = names.get(name);
    if (first === undefined) names.set(name, index);
    else out.push({ path: [...base, index, 'name'], message: `duplicate ${what} name '${name}'`, related: [...base, first, 'name'] });
  });
  return names;
}

function checkReference(
  name: unknown,
  known: ReadonlyMap<string, unknown> | readonly string[],
  path: PropertyKey[],
  what: string,
  out: CrossFinding[],
): void {
  if (typeof name !== 'string') return;
  const names = Array.isArray(known) ? known : [...(known as ReadonlyMap<string, unknown>).keys()];
  if (!names.includes(name)) out.push({ path, message: `unknown ${what} '${name}'${didYouMean(name, names)}` });
}

function checkPair(record: Raw, path: PropertyKey[], a: string, b: string, out: CrossFinding[]): void {
  if (has(record, a) && !has(record, b)) out.push({ path: [...path, a], message: `${a} needs ${b} too` });
  if (has(record, b) && !has(record, a)) out.push({ path: [...path, b], message: `${b} needs ${a} too` });
}

function checkThresholds(raw: Raw, out: CrossFinding[]): void {
  const thresholds = raw['thresholds'];
  if (!isRecord(thresholds)) return;
  for (const metric of Object.keys(THRESHOLD_DEFAULTS) as ThresholdMetric[]) {
    const pair = thresholds[metric];
    if (!isRecord(pair)) continue;
    const warning = typeof pair['warning'] === 'number' ? pair['warning'] : THRESHOLD_DEFAULTS[metric].warning;
    const critical = typeof pair['critical'] === 'number' ? pair['critical'] : THRESHOLD_DEFAULTS[metric].critical;
    if (warning >= critical) {
      const at = has(pair, 'warning') ? 'warning' : 'critical';
      out.push({ path: ['thresholds', metric, at], message: `warning (${warning}) must be below critical (${critical})` });
    }
  }
}

function checkGroups(raw: Raw, hostNames: Map<string, number>, out: CrossFinding[]): void {
  const groups = raw['groups'];
  if (!isRecord(groups)) return;
  for (const [name, group] of Object.entries(groups)) {
    const base: PropertyKey[] = Array.isArray(group) ? ['groups', name] : ['groups', name, 'hosts'];
    const members = Array.isArray(group) ? group : isRecord(group) ? list(group['hosts']) : [];
    members.forEach((member, index) => checkReference(member, hostNames, [...base, index], 'host', out));
  }
}

const CONTROL_ACTIONS = ['on', 'off', 'read'] as const;

function usesValue(action: unknown): boolean {
  const templates = typeof action === 'string' ? [action] : isRecord(action) ? [action['command'], ...(isRecord(action['http']) ? [action['http']['url'], action['http']['body']] : [])] : [];
  return templates.some((template) => typeof template === 'string' && templatePlaceholders(template).includes('value'));
}

function checkComponent(component: Raw, path: PropertyKey[], out: CrossFinding[]): void {
  if (has(component, 'restart') && (has(component, 'stop') || has(component, 'start'))) {
    out.push({ path: [...path, 'restart'], message: 'give either restart, or stop and start — not both' });
  } else {
    checkPair(component, path, 'stop', 'start', out);
  }
  checkPair(component, path, 'drain', 'undrain', out);
  const health = component['health'];
  if (isRecord(health) && has(health, 'command') === has(health, 'http')) out.push({ path: [...path, 'health'], message: HEALTH_ONE_OF });
  const logs = component['logs'];
  if (isRecord(logs) && has(logs, 'unit') === has(logs, 'file')) out.push({ path: [...path, 'logs'], message: LOGS_ONE_OF });

  const runbook = component['runbook'];
  if (isRecord(runbook)) uniqueNames(list(runbook['commands']), [...path, 'runbook', 'commands'], 'runbook command', out);

  const controls = list(component['controls']);
  uniqueNames(controls, [...path, 'controls'], 'control', out);
  controls.forEach((control, index) => {
    if (!isRecord(control) || has(control, 'value')) return;
    for (const action of CONTROL_ACTIONS) {
      if (usesValue(control[action])) {
        out.push({ path: [...path, 'controls', index, action], message: 'uses {value} but the control sets no value' });
      }
    }
  });

  const slos = list(component['slos']);
  uniqueNames(slos, [...path, 'slos'], 'SLO', out);
  slos.forEach((slo, index) => {
    if (!isRecord(slo)) return;
    const at = [...path, 'slos', index];
    const short = seconds(slo['shortWindow'], 300);
    const long = seconds(slo['longWindow'], 3600);
    const window = seconds(slo['window'], 30 * 86_400);
    if (short >= long) out.push({ path: [...at, 'shortWindow'], message: 'shortWindow must be shorter than longWindow' });
    if (long > window) out.push({ path: [...at, 'longWindow'], message: 'longWindow must not be longer than window' });
    if (slo['type'] === 'availability') checkPair(slo, at, 'good', 'total', out);
  });

  list(component['queues']).forEach((queue, index) => {
    if (!isRecord(queue) || queue['type'] !== 'rabbitmq') return;
    const at = [...path, 'queues', index];
    const viaCtl = queue['via'] === 'rabbitmqctl';
    if (viaCtl && has(queue, 'endpoint')) out.push({ path: [...at, 'endpoint'], message: 'endpoint is only read with via: prometheus' });
    if (!viaCtl && has(queue, 'sudoUser')) out.push({ path: [...at, 'sudoUser'], message: 'sudoUser only applies with via: rabbitmqctl' });
  });
}

function checkComponents(raw: Raw, hostNames: Map<string, number>, out: CrossFinding[]): Map<string, Raw> {
  const components = list(raw['components']);
  const names = uniqueNames(components, ['components'], 'component', out);
  const groups = isRecord(raw['groups']) ? Object.keys(raw['groups']) : [];
  const byName = new Map<string, Raw>();
  components.forEach((component, index) => {
    if (!isRecord(component)) return;
    const path: PropertyKey[] = ['components', index];
    const name = text(component['name']);
    if (name !== undefined && !byName.has(name)) byName.set(name, component);
    const hosts = list(component['hosts']);
    hosts.forEach((host, i) => checkReference(host, hostNames, [...path, 'hosts', i], 'host', out));
    checkReference(component['group'], groups, [...path, 'group'], 'group', out);
    if (hosts.length === 0 && !has(component, 'group')) {
      out.push({ path: [...path, 'hosts'], message: 'a component needs hosts: list them in hosts, or name a group' });
    }
    list(component['dependsOn']).forEach((dependency, i) => {
      if (dependency === name) out.push({ path: [...path, 'dependsOn', i], message: 'a component cannot depend on itself' });
      else checkReference(dependency, names, [...path, 'dependsOn', i], 'component', out);
    });
    checkComponent(component, path, out);
  });
  const nodes = [...byName].map(([name, component]) => ({
    name,
    dependsOn: list(component['dependsOn']).filter((d): d is string => typeof d === 'string' && d !== name),
  }));
  for (const cycle of findDependencyCycles(nodes)) {
    out.push({ path: ['components', names.get(cycle[0] ?? '') ?? 0, 'dependsOn'], message: `dependency cycle: ${formatCycle(cycle)}` });
  }
  return byName;
}

function checkProfiles(raw: Raw, components: Map<string, Raw>, out: CrossFinding[]): void {
  const profiles = raw['profiles'];
  if (!isRecord(profiles)) return;
  for (const [name, profile] of Object.entries(profiles)) {
    if (!isRecord(profile)) continue;
    list(profile['set']).forEach((setting, index) => {
      if (!isRecord(setting)) return;
      const at: PropertyKey[] = ['profiles', name, 'set', index];
      const componentName = text(setting['component']);
      checkReference(componentName, components, [...at, 'component'], 'component', out);
      const component = componentName === undefined ? undefined : components.get(componentName);
      if (component === undefined) return;
      const controls = list(component['controls']).flatMap((c) => (isRecord(c) && typeof c['name'] === 'string' ? [c['name']] : []));
      const control = text(setting['control']);
      if (control !== undefined && !controls.includes(control)) {
        const known = controls.length > 0 ? `; its controls: ${controls.join(', ')}` : '; it has no controls';
        out.push({ path: [...at, 'control'], message: `component '${componentName}' has no control '${control}'${didYouMean(control, controls)}${known}` });
      }
    });
  }
}

/** Maintenance windows name components that exist. */
function checkMaintenance(raw: Raw, components: Map<string, Raw>, out: CrossFinding[]): void {
  const alerts = raw['alerts'];
  if (!isRecord(alerts)) return;
  list(alerts['maintenance']).forEach((window, index) => {
    if (!isRecord(window)) return;
    list(window['components']).forEach((name, i) => checkReference(name, components, ['alerts', 'maintenance', index, 'components', i], 'component', out));
  });
}

/** Every cross-field problem in the raw inventory data. */
export function crossCheck(raw: unknown): CrossFinding[] {
  if (!isRecord(raw)) return [];
  const out: CrossFinding[] = [];
  const hostNames = uniqueNames(list(raw['hosts']), ['hosts'], 'host', out);
  checkThresholds(raw, out);
  checkGroups(raw, hostNames, out);
  const components = checkComponents(raw, hostNames, out);
  checkProfiles(raw, components, out);
  checkMaintenance(raw, components, out);
  return out;
}
