/**
 * `perfmon recover [--dry-run]`: the whole platform restarted in dependency order, each level
 * healthy before the next. A dependency cycle is refused before anything connects.
 */
import { checkRecoveryNow, formatRecoveryCheck, recoveryVerdict } from '../recovery-check.js';
import { formatRecoveryPlan, planRecovery, runRecovery, type RecoveryEvent } from '../recovery.js';
import { RunControl } from '../run-control.js';
import { actionRefusal } from '../safety.js';
import { CliUsageError, confirmTyped, dryRunLine, environmentBanner, inSession, type CliIO, type CliStatus, type CommonArgs, type Say } from './cli-support.js';
import { ProgressPrinter } from './progress-text.js';
import { steered } from './steering.js';

export interface RecoverArgs extends CommonArgs {
  dryRun?: boolean | undefined;
  /** Recover without the hosts that cannot be reached (they are named before anything is asked). */
  skipDown?: boolean | undefined;
  yes?: boolean | undefined;
}

function recoveryPrinter(say: Say): (event: RecoveryEvent) => void {
  const printers = new Map<string, ProgressPrinter>();
  return (event) => {
    if (event.type === 'level') say(`\n== Level ${event.level}: ${event.components.join(', ')}`);
    else if (event.type === 'gate') say(`   gate ${event.component} on ${event.host}: ${event.ok ? 'healthy' : 'NOT HEALTHY'} (${event.output})`);
    else if (event.type === 'note') say(event.message);
    else {
      let printer = printers.get(event.component);
      if (printer === undefined) printers.set(event.component, (printer = new ProgressPrinter(say, `${event.component} `)));
      printer.handle(event.event);
    }
  };
}

export function runRecoverCommand(args: RecoverArgs, io: CliIO): Promise<CliStatus> {
  return inSession(args, io, async (session, say) => {
    const { inventory, access } = session;
    const refusal = actionRefusal(inventory, 'recover', { readOnly: args.readOnly, configPath: session.configPath });
    if (refusal !== undefined && !args.dryRun) throw new CliUsageError(refusal);
    const full = planRecovery(inventory, access);
    // Checked before anything is asked; a dry run checks the same and says the same.
    const check = await checkRecoveryNow(full, access);
    const { plan, refusal: notNow, canSkipDown } = recoveryVerdict(full, check, args.skipDown === true);
    say(environmentBanner(inventory.environment));
    io.out.write(formatRecoveryPlan(plan));
    say(`\n${formatRecoveryCheck(check).join('\n')}`);
    if (notNow !== undefined) {
      io.err.write(`perfmon: recover refused: ${notNow}${canSkipDown ? '; --skip-down recovers without them' : ''}\n`);
      if (args.dryRun) say(`\n${dryRunLine(refusal)}`);
      return 'failure';
    }
    if (args.dryRun) {
      say(`\n${dryRunLine(refusal)}`);
      return 'ok';
    }
    if (!args.yes) {
      const word = inventory.environment ?? 'recover';
      say('');
      if (!(await confirmTyped(io, word, `restart every component of ${inventory.environment ?? 'the platform'} in dependency order`))) {
        say('Not confirmed: nothing was done.');
        return 'failure';
      }
    }
    const control = new RunControl();
    const onEvent = recoveryPrinter(say);
    const outcome = await steered(control, io, say, () => runRecovery(plan, { access, audit: session.audit, stateDir: session.stateDir, configPath: session.configPath, control, onEvent }));
    say('');
    say(outcome.status === 'completed' ? 'Recovery complete: every level healthy.' : `Recovery ${outcome.status}: ${outcome.reason ?? ''}`);
    for (const [component, runId] of Object.entries(outcome.runs)) {
      const result = outcome.outcomes[component];
      if (result !== undefined && result.status !== 'completed') say(`  ${component}: continue with perfmon restart --resume ${runId}`);
    }
    say(`Audit log: ${session.audit.path}`);
    return outcome.status === 'completed' ? 'ok' : 'failure';
  });
}
