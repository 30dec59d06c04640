/**
 * What an operator can do about a finding, each with the perfmon command or key that does it:
 * look closer (the pane, a thread dump of the culprit JVM, a class histogram), relieve it (a
 * degradation profile of an affected component, a rolling restart), or fix it for good. The keys
 * are the TUI's (pane digit, then the pane's key), as the help lists them.
 */
import { shellQuote } from '../../ssh/shell-quote.js';
import type { BottleneckResource, Culprit, RecommendedAction } from './finding.js';
import type { ComponentTopology } from './impact.js';

export interface ActionContext {
  resource: BottleneckResource;
  hosts: readonly string[];
  components: readonly string[];
  affects: readonly string[];
  culprits: readonly Culprit[];
  topology: readonly ComponentTopology[];
}

/** A word of a command line as an operator would type it: bare when the shell leaves it alone. */
const arg = (word: string) => (/^[\w.@%+=:,/-]+$/.test(word) ? word : shellQuote(word));

const action = (what: string, command: string | null, key: string | null): RecommendedAction => ({ what, command, key });

function jvmActions(host: string, pid: number, resource: BottleneckResource): RecommendedAction[] {
  const target = `${arg(host)} --pid ${pid}`;
  const thread = action(`Thread dumps of pid ${pid} on ${host}: hot and stuck threads, pool saturation, lock chains`, `perfmon dump thread ${target} --count 3 --every 10`, '0 t');
  const histogram = action(`Class histograms of pid ${pid} on ${host} a few minutes apart: which classes grow`, `perfmon dump histogram ${target} --count 2 --every 300`, '0 c');
  const heap = action(`Heap dump of pid ${pid} on ${host} for a leak hunt (pauses the JVM; space checked first)`, `perfmon dump heap ${target}`, '0 h');
  return resource === 'cpu' ? [thread] : [histogram, heap, thread];
}

/** Relief for the components a finding slows: their degradation profiles, a rolling restart. */
function reliefActions(context: ActionContext): RecommendedAction[] {
  const out: RecommendedAction[] = [];
  const involved = [...context.components, ...context.affects];
  const profiles = [...new Set(context.topology.filter((c) => involved.includes(c.name)).flatMap((c) => c.profiles ?? []))];
  for (const profile of profiles.slice(0, 2)) out.push(action(`Shed load with the degradation profile ${profile} (preview first)`, `perfmon degrade --profile ${arg(profile)} --dry-run`, '9 o'));
  const restartable = context.topology.filter((c) => context.components.includes(c.name) && c.restartable);
  if (['jvm-heap', 'jvm-gc', 'db-connections'].includes(context.resource)) {
    for (const c of restartable.slice(0, 1)) out.push(action(`Rolling restart of ${c.name}, gated on health (buys time; the cause stays)`, `perfmon restart ${arg(c.name)} --dry-run`, '9 r'));
  }
  return out;
}

function resourceActions(context: ActionContext): RecommendedAction[] {
  const host = context.hosts[0] ?? 'HOST';
  const q = arg(host);
  switch (context.resource) {
    case 'cpu':
      return [action(`The busiest processes on ${host}, by CPU`, `perfmon snapshot ${q} --json`, '4 c'), action('Add cores or hosts, or move the culprit off the host', null, null)];
    case 'memory':
      return [action(`The largest processes on ${host}, by memory`, `perfmon snapshot ${q} --json`, '4 m'), action('Add memory, or cap the culprit (its heap, its cache)', null, null)];
    case 'disk':
      return [action(`Disk latency and queue on ${host} over time`, `perfmon history query disk_await_ms --host ${q} --from -1h`, '3'), action('Move the writer to another device, or spread its I/O', null, null)];
    case 'network':
      return [action(`Interface errors and drops on ${host}`, `perfmon history query net_rx_drops --host ${q} --from -1h`, '2'), action('Check the link (duplex, speed, cabling) and the receive buffers', null, null)];
    case 'db-locks':
      return [action('The lock holder, its statement and the sessions behind it', null, '7'), action('End the holder’s transaction, or shorten it', null, null)];
    case 'db-connections':
      return [action('Connections by state and client', null, '7'), action('Lower the pools of the clients, or add a pooler in front', null, null)];
    case 'db-cache':
      return [action('The statements reading most blocks (and their plans)', null, '7 t'), action('Add an index or memory for shared buffers', null, null)];
    case 'queue-backlog':
    case 'queue-consumers':
      return [action('Producer against consumer rates, time to overflow', 'perfmon queues --json', '6'), action(context.resource === 'queue-consumers' ? 'Start the consumers again' : 'Add consumers, or find what slows them (their host’s findings)', null, null)];
    default:
      return [];
  }
}

export function recommendedActions(context: ActionContext): RecommendedAction[] {
  const jvm = context.culprits.find((c) => c.kind === 'jvm' && c.host !== null && c.pid !== null);
  const java = context.culprits.find((c) => c.kind === 'process' && c.host !== null && c.pid !== null && /^(java|jsvc)$/.test(c.name));
  const culpritJvm = jvm ?? java;
  return [
    ...(culpritJvm ? jvmActions(culpritJvm.host!, culpritJvm.pid!, context.resource) : []),
    ...resourceActions(context),
    ...reliefActions(context),
  ];
}
