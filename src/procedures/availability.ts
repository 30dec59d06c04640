/**
 * Before a rolling restart, every host of the component is checked once, as the run will
 * check it. A host that fails its check, cannot be reached, or was left drained by a stopped
 * run (its journal says so) is out of service already: it counts
 * against maxUnavailable together with the batch being restarted, so a plan that would take
 * more hosts out at once than the component allows is refused, with the reason, unless the
 * operator overrides it (`--allow-unhealthy`, or a second typed confirmation in the pane).
 */
import { checkHealth } from './health-check.js';
import type { HostAccess } from './host-access.js';
import { batchesOf, type RestartPlan } from './plan.js';

export interface HostNow {
  host: string;
  ok: boolean;
  /** The check's one line: `HTTP 503: STARTING`, or why the host could not be reached. */
  output: string;
}

export interface Availability {
  hosts: HostNow[];
  /** Why the plan would leave too few hosts up; undefined when it keeps within maxUnavailable. */
  refusal: string | undefined;
}

/** Every host of the plan checked once, side by side. */
export function checkHostsNow(plan: RestartPlan, access: HostAccess): Promise<HostNow[]> {
  return Promise.all(plan.hosts.map(async (host) => ({ host: host.name, ...(await checkHealth(access, host.name, host.health, plan.timing.timeoutMs)) })));
}

/**
 * The first batch that, with the hosts already unhealthy, would have more hosts down than
 * maxUnavailable. Hosts of earlier batches are not counted: the run restarts them and goes on
 * only once they are healthy.
 */
export function unavailabilityRefusal(plan: RestartPlan, hosts: readonly HostNow[]): string | undefined {
  const unhealthy = hosts.filter((h) => !h.ok);
  if (unhealthy.length === 0) return undefined;
  const total = plan.hosts.length;
  const restarted = new Set<string>();
  for (const batch of batchesOf(plan.hosts)) {
    const names = batch.map((h) => h.name);
    const already = unhealthy.filter((h) => !restarted.has(h.host) && !names.includes(h.host));
    const down = names.length + already.length;
    if (down > plan.maxUnavailable) {
      const why = already.map((h) => `${h.host} already unhealthy: ${h.output}`).join('; ');
      return `${why}; restarting ${names.join(', ')} would leave ${total - down} of ${total} up (component ${plan.component} allows ${plan.maxUnavailable} down at once)`;
    }
    for (const name of names) restarted.add(name);
  }
  return undefined;
}

/** Hosts a stopped run may have left drained are out of service too, whatever their check says. */
export function withDrained(hosts: readonly HostNow[], drained: ReadonlyMap<string, string> | undefined): HostNow[] {
  return hosts.map((h) => {
    const why = drained?.get(h.host);
    if (why === undefined) return h;
    return { host: h.host, ok: false, output: h.ok ? why : `${why}; ${h.output}` };
  });
}

/** Every host checked now, and those stopped runs may have left drained (see drainedByRuns). */
export async function checkAvailability(plan: RestartPlan, access: HostAccess, drained?: ReadonlyMap<string, string>): Promise<Availability> {
  const hosts = withDrained(await checkHostsNow(plan, access), drained);
  return { hosts, refusal: unavailabilityRefusal(plan, hosts) };
}

/** The check's result for the preview: `Health now: 2 of 3 healthy; lab-1 failing (…)`. */
export function formatAvailability(availability: Availability): string[] {
  const { hosts } = availability;
  const failing = hosts.filter((h) => !h.ok);
  const head = `Health now: ${hosts.length - failing.length} of ${hosts.length} host${hosts.length === 1 ? '' : 's'} healthy`;
  return [head, ...failing.map((h) => `  ${h.host} unhealthy: ${h.output}`)];
}
