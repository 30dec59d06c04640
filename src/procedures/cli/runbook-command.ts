/**
 * `perfmon runbook COMPONENT [NAME] [--host H] [--dry-run] [--yes] [--json]`: without NAME, the
 * component's runbook (URL, text, commands); with it, the named command on the component's
 * hosts, output per host. One that changes hosts is previewed and confirmed by typing its name
 * (or --yes), audited, refused with --read-only.
 */
import { formatMillis } from '../../format/units.js';
import type { Inventory } from '../../config/inventory-schema.js';
import { didYouMean } from '../../config/did-you-mean.js';
import { planRunbook, RunbookError, runbookOk, runbookPreview, runbookResultLines, runRunbook, type RunbookPlan } from '../runbook.js';
import { ActionRefusedError } from '../safety.js';
import { CliUsageError, confirmTyped, dryRunLine, environmentBanner, inSession, type CliIO, type CliStatus, type CommonArgs } from './cli-support.js';

export interface RunbookArgs extends CommonArgs {
  component: string;
  name?: string | undefined;
  host?: string | undefined;
  yes?: boolean | undefined;
  dryRun?: boolean | undefined;
  json?: boolean | undefined;
}

/** The runbook of a component as text: where it is, what to do first, its commands. */
export function runbookLines(inventory: Inventory, componentName: string): string[] {
  const component = inventory.components.find((c) => c.name === componentName);
  if (component === undefined) throw new CliUsageError(`no component '${componentName}' in the inventory${didYouMean(componentName, inventory.components.map((c) => c.name))}`);
  const runbook = component.runbook;
  if (runbook === undefined) return [`${component.name}: no runbook in the inventory (runbook: {url, text, commands})`];
  const width = Math.max(0, ...runbook.commands.map((c) => c.name.length));
  return [
    `${component.name} runbook${runbook.url ? `: ${runbook.url}` : ''}`,
    ...(runbook.text ? runbook.text.trimEnd().split('\n').map((l) => `  ${l}`) : []),
    ...(runbook.commands.length === 0 ? ['no commands'] : ['commands:', ...runbook.commands.map((c) => `  ${c.name.padEnd(width)}  ${(c.changes ? 'CHANGES' : 'read-only').padEnd(9)}  ${c.description ?? c.command}`)]),
  ];
}

function plan(inventory: Inventory, access: Parameters<typeof planRunbook>[1], args: RunbookArgs, configPath: string): RunbookPlan {
  try {
    return planRunbook(inventory, access, args.component, args.name!, { readOnly: args.readOnly, configPath, host: args.host });
  } catch (error) {
    if (error instanceof RunbookError) throw new CliUsageError(error.message);
    throw error;
  }
}

export function runRunbookCommand(args: RunbookArgs, io: CliIO): Promise<CliStatus> {
  return inSession(args, io, async (session, say) => {
    if (args.name === undefined) {
      const lines = runbookLines(session.inventory, args.component);
      if (args.json) say(JSON.stringify(session.inventory.components.find((c) => c.name === args.component)?.runbook ?? null, null, 2));
      else lines.forEach(say);
      return 'ok';
    }
    const planned = plan(session.inventory, session.access, args, session.configPath);
    const { command } = planned;
    if (command.changes || args.dryRun) {
      const to = args.json ? io.err : io.out;
      if (command.changes) to.write(`${environmentBanner(session.inventory.environment)}\n`);
      for (const line of runbookPreview(planned)) to.write(`${line}\n`);
    }
    if (args.dryRun) {
      say(dryRunLine(planned.refusal));
      return 'ok';
    }
    if (planned.refusal !== undefined) throw new ActionRefusedError(planned.refusal);
    if (command.changes && !args.yes) {
      const hosts = planned.steps.map((s) => s.host).join(', ');
      if (!(await confirmTyped(io, command.name, `run ${command.name} on ${hosts}`))) {
        say('Not confirmed: nothing was run.');
        return 'failure';
      }
    }
    const results = await runRunbook(planned, session.access, session.audit, args.json ? undefined : (result) => runbookResultLines(result, formatMillis).forEach(say));
    if (args.json) say(JSON.stringify({ component: planned.component.name, command: command.name, changes: command.changes, results }, null, 2));
    return results.every(runbookOk) ? 'ok' : 'failure';
  });
}
