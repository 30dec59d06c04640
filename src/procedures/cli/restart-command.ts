/**
 * `perfmon restart COMPONENT [--rolling] …` and `perfmon restart --resume RUN`: plan, preview,
 * typed confirmation, the run with progress lines, the summary. Returns the outcome the
 * command maps to an exit status.
 */
import { resolve } from 'node:path';
import { checkAvailability, formatAvailability, type Availability } from '../availability.js';
import { drainedByRuns, loadRecentJournals, resumeFrom, type Journal } from '../journal.js';
import { formatPlan, planRollingRestart, type RestartPlan } from '../plan.js';
import { loadRunToResume, resumeRestart, startRestart } from '../restart-run.js';
import { RunControl } from '../run-control.js';
import { actionRefusal } from '../safety.js';
import type { RunEvent } from '../run-events.js';
import { CliUsageError, confirmTyped, dryRunLine, environmentBanner, inSession, type CliIO, type CliStatus, type CommonArgs } from './cli-support.js';
import { formatOutcome, ProgressPrinter } from './progress-text.js';
import { stateDir } from '../state-dir.js';
import { steered } from './steering.js';

export interface RestartArgs extends CommonArgs {
  component?: string | undefined;
  /** Accepted for clarity; a rolling restart is the only kind. */
  rolling?: boolean | undefined;
  batch?: string | undefined;
  maxFail?: number | undefined;
  dryRun?: boolean | undefined;
  yes?: boolean | undefined;
  resume?: string | undefined;
  /** Go ahead although hosts already unhealthy would leave fewer up than maxUnavailable allows. */
  allowUnhealthy?: boolean | undefined;
}

function checkArgs(args: RestartArgs): void {
  if (args.resume !== undefined) {
    if (args.batch !== undefined || args.maxFail !== undefined) throw new CliUsageError('--resume continues a run with its own plan: --batch and --max-fail cannot change it');
    return;
  }
  // A rolling restart is the only kind: --rolling is accepted and changes nothing.
  if (args.component === undefined) throw new CliUsageError('name the component to restart (perfmon restart COMPONENT), or --resume RUN');
}

/** What a resume will do with each host (the rule in journal.ts), shown before confirming. */
export function describeResume(journal: Journal): string {
  const lines = [`Resuming run ${journal.runId} (${journal.data.status}${journal.data.reason ? `: ${journal.data.reason}` : ''})`];
  for (const host of journal.data.plan.hosts) {
    const record = journal.host(host.name);
    const point = resumeFrom(record);
    const then =
      point.next === 'done'
        ? 'done, left alone'
        : point.unconfirmed
          ? 'restart was under way: not sent again, health checked instead'
          : record.state === 'pending'
            ? 'not started yet'
            : `continues at ${point.next}`;
    lines.push(`  ${host.name.padEnd(8)}  ${record.state.padEnd(10)}  ${then}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Where the inventory of a resume comes from, when it is not the one the run recorded. */
function inventoryNote(journal: Journal, configPath: string, explicit: boolean): string {
  const recorded = journal.data.configPath;
  if (!explicit && recorded !== undefined) return `Inventory: ${configPath} (recorded by the run)`;
  if (recorded !== undefined && recorded !== resolve(configPath)) return `Inventory: ${configPath} (--config; the run was planned from ${recorded})`;
  return `Inventory: ${configPath}`;
}

export function runRestartCommand(args: RestartArgs, io: CliIO): Promise<CliStatus> {
  // A resume without --config opens the inventory the run recorded: the printed
  // `perfmon restart --resume RUN` works as printed.
  let journal: Journal | undefined;
  const prepare = async (): Promise<string | undefined> => {
    checkArgs(args);
    if (args.resume === undefined) return undefined;
    journal = await loadRunToResume(stateDir(io.env), args.resume);
    return args.config ?? journal.data.configPath;
  };
  return inSession(
    args,
    io,
    async (session, say) => {
      const { inventory, access } = session;
      const refusal = actionRefusal(inventory, 'restart', { readOnly: args.readOnly, configPath: session.configPath });
      if (refusal !== undefined && !args.dryRun) throw new CliUsageError(refusal);

      let plan: RestartPlan;
      let availability: Availability | undefined;
      if (journal !== undefined) {
        plan = journal.data.plan;
        if (args.component !== undefined && args.component !== plan.component) {
          throw new CliUsageError(`run ${args.resume} restarts ${plan.component}, not ${args.component}`);
        }
      } else {
        plan = planRollingRestart(inventory, args.component!, access, { batch: args.batch, maxFail: args.maxFail });
        // The same checks for a dry run: it says whether the run would be refused.
        availability = await checkAvailability(plan, access, drainedByRuns(await loadRecentJournals(session.stateDir), plan.component));
      }

      say(environmentBanner(inventory.environment));
      if (journal !== undefined) say(inventoryNote(journal, session.configPath, args.config !== undefined));
      io.out.write(formatPlan(plan));
      if (journal !== undefined) io.out.write(`\n${describeResume(journal)}`);
      if (availability !== undefined) say(`\n${formatAvailability(availability).join('\n')}`);
      const overridden = availability?.refusal;
      if (overridden !== undefined) {
        if (!args.allowUnhealthy) {
          io.err.write(`perfmon: restart refused: ${overridden}; --allow-unhealthy restarts anyway\n`);
          if (args.dryRun) say(`\n${dryRunLine(refusal)}`);
          return 'failure';
        }
        say(`Refusal overridden (--allow-unhealthy): ${overridden}`);
      }
      if (args.dryRun) {
        say(`\n${dryRunLine(refusal)}`);
        return 'ok';
      }
      if (journal?.data.status === 'completed') {
        say(`\nRun ${journal.runId} already completed: nothing to do.`);
        return 'ok';
      }
      if (!args.yes) {
        say('');
        const confirmed = await confirmTyped(io, plan.component, `${journal ? 'resume restarting' : 'restart'} ${plan.component} in ${inventory.environment ?? 'this environment'}`);
        if (!confirmed) {
          say('Not confirmed: nothing was done.');
          return 'failure';
        }
      }

      const control = new RunControl();
      const printer = new ProgressPrinter(say);
      const options = { access, audit: session.audit, stateDir: session.stateDir, control, onEvent: (event: RunEvent) => printer.handle(event) };
      const outcome = await steered(control, io, say, () =>
        journal !== undefined ? resumeRestart(journal, options) : startRestart(plan, { ...options, configPath: session.configPath, overridden }),
      );
      io.out.write(`\n${formatOutcome(outcome, plan)}`);
      say(`Audit log: ${session.audit.path} (run ${outcome.runId}, operator ${session.audit.identity.localUser})`);
      const allHealthy = plan.hosts.every((h) => outcome.states[h.name] === 'healthy');
      return outcome.status === 'completed' && allHealthy ? 'ok' : 'failure';
    },
    prepare,
  );
}
