/**
 * Progress of a procedure as lines of text (the CLI's output): one line per host state change,
 * a line when a host's health output changes while waiting, and a summary at the end that
 * says what is left to do (which hosts may still be drained, what to resume).
 */
import { clockTime } from '../../format/units.js';
import type { HostState } from '../journal.js';
import type { RestartPlan } from '../plan.js';
import type { RunEvent, RunOutcome } from '../run-events.js';

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

export class ProgressPrinter {
  private readonly lastHealth = new Map<string, string>();
  private width = 8;

  constructor(
    private readonly write: (line: string) => void,
    private readonly prefix = '',
    private readonly now: () => Date = () => new Date(),
  ) {}

  private line(host: string, state: string, elapsed: string, detail: string | undefined): void {
    const text = `${clockTime(this.now())}  ${this.prefix}${host.padEnd(this.width)}  ${state.padEnd(10)}  ${elapsed.padStart(6)}${detail ? `  ${detail}` : ''}`;
    this.write(text.trimEnd());
  }

  handle(event: RunEvent): void {
    switch (event.type) {
      case 'run-started':
        this.width = Math.max(8, ...event.plan.hosts.map((h) => h.name.length));
        this.write(`${event.resumed ? 'Resuming' : 'Started'} run ${event.runId}; if it stops, continue it with: perfmon restart --resume ${event.runId}`);
        return;
      case 'host':
        this.line(event.host, event.state, seconds(event.elapsedMs), event.detail);
        return;
      case 'health':
        if (this.lastHealth.get(event.host) === event.output) return;
        this.lastHealth.set(event.host, event.output);
        this.line(event.host, event.ok ? 'passing' : 'checking', seconds(event.waitedMs), event.output);
        return;
      case 'paused':
        this.write(`${clockTime(this.now())}  paused: no new step starts until resumed`);
        return;
      case 'resumed':
        this.write(`${clockTime(this.now())}  resumed`);
        return;
      case 'aborting':
        this.write(
          `${clockTime(this.now())}  aborting (${event.reason}): ${event.mode === 'now' ? 'stopping before the next step' : 'no new host is taken down; hosts under way finish coming back'}`,
        );
        return;
      case 'note':
        this.write(`${clockTime(this.now())}  ${event.message}`);
        return;
      case 'run-finished':
        return;
    }
  }
}

const STATE_WORDS: Partial<Record<HostState, string>> = { pending: 'untouched', skipped: 'skipped' };

/** The end of a run, for the operator: what happened, what is left, how to continue. */
export function formatOutcome(outcome: RunOutcome, plan: RestartPlan): string {
  const hosts = plan.hosts.map((h) => h.name);
  const healthy = hosts.filter((h) => outcome.states[h] === 'healthy');
  const lines: string[] = [];
  if (outcome.status === 'completed' && healthy.length === hosts.length) {
    lines.push(`Done: all ${hosts.length} hosts of ${plan.component} restarted and healthy.`);
  } else {
    lines.push(`${outcome.status === 'completed' ? 'Finished' : outcome.status === 'failed' ? 'Stopped on a failure' : 'Aborted'}: ${outcome.reason ?? outcome.status}`);
    for (const host of hosts) {
      const state = outcome.states[host]!;
      lines.push(`  ${host.padEnd(8)}  ${STATE_WORDS[state] ?? state}`);
    }
  }
  if (outcome.unconfirmed.length > 0) {
    lines.push(`Checked healthy on resume without proof their restart ran (perfmon stopped mid-restart): ${outcome.unconfirmed.join(', ')}`);
  }
  for (const host of outcome.leftDrained) {
    const undrain = plan.hosts.find((h) => h.name === host)?.commands.find((c) => c.step === 'undrain');
    lines.push(`${host} may still be drained (out of the load balancer)${undrain ? `; to put it back: ${undrain.command}` : ''}`);
  }
  if (outcome.status !== 'completed') lines.push(`To continue: perfmon restart --resume ${outcome.runId}`);
  return `${lines.join('\n')}\n`;
}
