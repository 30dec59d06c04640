/**
 * Before a recovery asks for anything, the platform as it is now: every level's health checks
 * and which hosts are down (cannot be reached). Recovery with nothing to recover is refused;
 * recovery takes a lock on every host first, so a down host would refuse it after the name is
 * typed — instead the preview names the down hosts and the operator may go on without them
 * (`--skip-down`, or the choice in the pane), each component restarted on the hosts left.
 */
import type { HostNow } from './availability.js';
import { checkHealth } from './health-check.js';
import type { HostAccess } from './host-access.js';
import type { RecoveryPlan, RecoveryStep } from './recovery.js';

/** A gate host's state now; `down` when it cannot be reached at all (output says why). */
export interface GateNow extends HostNow {
  component: string;
  down: boolean;
}

export interface RecoveryCheck {
  gates: GateNow[];
  /** Hosts that cannot be reached, each once, with why. */
  down: Array<{ host: string; reason: string }>;
  /** Why recovery would do nothing, or undefined. */
  nothingToRecover: string | undefined;
}

const REACH_TIMEOUT_MS = 10_000;

/** Every gate of every level checked once: each host reached first, then its checks run. */
export async function checkRecoveryNow(plan: RecoveryPlan, access: HostAccess): Promise<RecoveryCheck> {
  const steps = plan.levels.flat();
  const hosts = [...new Set(steps.flatMap((s) => s.gate.map((g) => g.host)))];
  const reach = new Map(
    await Promise.all(
      hosts.map(async (host): Promise<[string, string | undefined]> => {
        try {
          await access.exec(host, 'true', { timeoutMs: REACH_TIMEOUT_MS });
          return [host, undefined];
        } catch (error) {
          return [host, (error as Error).message];
        }
      }),
    ),
  );
  const gates = await Promise.all(
    steps.flatMap((step) =>
      step.gate.map(async ({ host, probe }): Promise<GateNow> => {
        const unreachable = reach.get(host);
        if (unreachable !== undefined) return { component: step.component, host, ok: false, down: true, output: unreachable };
        return { component: step.component, host, down: false, ...(await checkHealth(access, host, probe, step.timing.timeoutMs)) };
      }),
    ),
  );
  return assessRecovery(plan, gates);
}

/** The check's verdict from each gate's state (checked now by the CLI, as shown by the pane). */
export function assessRecovery(plan: RecoveryPlan, gates: readonly GateNow[]): RecoveryCheck {
  const down = new Map<string, string>();
  for (const gate of gates) if (gate.down && !down.has(gate.host)) down.set(gate.host, gate.output);
  const nothingToRecover =
    plan.levels.length === 0
      ? 'nothing to recover: no component has a health check to recover by'
      : gates.every((g) => g.ok)
        ? `nothing to recover: every level healthy (${gates.length} check${gates.length === 1 ? '' : 's'} passing)`
        : undefined;
  return { gates: [...gates], down: [...down].map(([host, reason]) => ({ host, reason })), nothingToRecover };
}

/** The check for the preview: what fails now, and the down hosts by name. */
export function formatRecoveryCheck(check: RecoveryCheck): string[] {
  const failing = check.gates.filter((g) => !g.ok && !g.down);
  const lines = [`Health now: ${check.gates.length - failing.length - check.gates.filter((g) => g.down).length} of ${check.gates.length} checks passing`];
  for (const gate of failing) lines.push(`  ${gate.component} on ${gate.host}: ${gate.output}`);
  if (check.down.length > 0) {
    lines.push(`Down (cannot be reached): ${check.down.map((d) => d.host).join(', ')}`);
    for (const { host, reason } of check.down) lines.push(`  ${host}: ${reason}`);
  }
  return lines;
}

/** Why a recovery with down hosts cannot go on as planned (locks are taken on every host first). */
export function downRefusal(check: RecoveryCheck): string | undefined {
  if (check.down.length === 0) return undefined;
  return `${check.down.map((d) => d.host).join(', ')} ${check.down.length === 1 ? 'is' : 'are'} down: recovery takes a lock on every host before it starts`;
}

/** The plan on the hosts that are up: down hosts left out of every restart and gate. */
export function withoutHosts(plan: RecoveryPlan, hosts: ReadonlySet<string>): RecoveryPlan {
  const keep = (step: RecoveryStep): RecoveryStep | undefined => {
    const gate = step.gate.filter((g) => !hosts.has(g.host));
    if (gate.length === 0) return undefined;
    const restart = step.restart === undefined ? undefined : { ...step.restart, hosts: step.restart.hosts.filter((h) => !hosts.has(h.name)) };
    return { ...step, gate, restart: restart?.hosts.length === 0 ? undefined : restart };
  };
  const levels = plan.levels.map((level) => level.flatMap((step) => keep(step) ?? [])).filter((level) => level.length > 0);
  const components = plan.levels.flat().filter((step) => keep(step) === undefined).map((step) => step.component);
  return { ...plan, levels, leftOut: { hosts: [...hosts], components } };
}

export interface RecoveryVerdict {
  /** The plan to run: the full one, or without the down hosts. */
  plan: RecoveryPlan;
  /** Why it cannot go on as it stands; undefined: ready to confirm. */
  refusal: string | undefined;
  /** The refusal is only the down hosts: going on without them is possible. */
  canSkipDown: boolean;
}

/** One rule for the CLI and the pane: nothing to recover, or down hosts unless skipped. */
export function recoveryVerdict(plan: RecoveryPlan, check: RecoveryCheck, skipDown: boolean): RecoveryVerdict {
  if (check.nothingToRecover !== undefined) return { plan, refusal: check.nothingToRecover, canSkipDown: false };
  const down = downRefusal(check);
  if (down === undefined) return { plan, refusal: undefined, canSkipDown: false };
  const without = withoutHosts(plan, new Set(check.down.map((d) => d.host)));
  if (without.levels.length === 0) return { plan, refusal: `${down}, and no host is left to recover`, canSkipDown: false };
  return skipDown ? { plan: without, refusal: undefined, canSkipDown: true } : { plan, refusal: down, canSkipDown: true };
}
