/**
 * `perfmon degrade …`: show controls and their state; switch one (COMPONENT CONTROL on|off)
 * or a profile (--profile NAME), optionally for a while (--for 15m) after which this process
 * reverts to the states read before; `--revert` finishes any revert left pending.
 */
import type { ProfileSetting } from '../../config/inventory-schema.js';
import { formatDuration, parseDuration } from '../../config/duration.js';
import { findControl, readControl, type ControlReading } from '../control-actions.js';
import { applySettings, controlStatus, findOverlaps, goneRevert, overlapLines, profileSettings, revertPending, settingTargets, type DegradeContext } from '../degradation.js';
import { readPending } from '../pending-reverts.js';
import { actionRefusal } from '../safety.js';
import { CliUsageError, confirmTyped, dryRunLine, environmentBanner, inSession, type CliIO, type CliStatus, type CommonArgs, type Session } from './cli-support.js';
import { clockTime } from '../../format/units.js';

export interface DegradeArgs extends CommonArgs {
  component?: string | undefined;
  control?: string | undefined;
  state?: string | undefined;
  profile?: string | undefined;
  for?: string | undefined;
  revert?: boolean | undefined;
  yes?: boolean | undefined;
  dryRun?: boolean | undefined;
}

function readings(list: readonly ControlReading[]): string {
  return list.map((r) => `${r.host}=${r.state}${r.state === 'unknown' ? ` (${r.output})` : ''}`).join(', ');
}

async function showStatus(session: Session, component: string | undefined, say: (line: string) => void): Promise<CliStatus> {
  const status = await controlStatus(session.inventory, session.access, component);
  if (status.length === 0) say('No degradation controls in the inventory.');
  for (const control of status) {
    say(`${control.component} ${control.control} (${control.type})${control.description ? ` — ${control.description}` : ''}: ${readings(control.readings)}`);
  }
  const pending = await readPending(session.stateDir);
  for (const record of pending) say(`Pending revert ${record.id} (${record.label}) due ${record.revertAt}: ${record.entries.length} setting(s); perfmon degrade --revert applies it now`);
  return 'ok';
}

/** The settings the arguments ask for, with a label and the name to type to confirm. */
function requestedSettings(session: Session, args: DegradeArgs): { settings: ProfileSetting[]; label: string; confirmWord: string; duration: number | undefined } {
  if (args.profile !== undefined) {
    if (args.component !== undefined) throw new CliUsageError('give either --profile NAME or COMPONENT CONTROL on|off, not both');
    const { settings, duration } = profileSettings(session.inventory, args.profile);
    return { settings, label: `profile ${args.profile}`, confirmWord: args.profile, duration };
  }
  const state = args.state;
  if (args.control === undefined || (state !== 'on' && state !== 'off')) {
    throw new CliUsageError('switch a control with: perfmon degrade COMPONENT CONTROL on|off (or --profile NAME)');
  }
  findControl(session.inventory, args.component!, args.control);
  return { settings: [{ component: args.component!, control: args.control, state }], label: `${args.component} ${args.control} ${state}`, confirmWord: args.control, duration: undefined };
}

function parseFor(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seconds = parseDuration(text);
  if (seconds === null || seconds <= 0) throw new CliUsageError(`--for must be a duration like 90s, 15m or 1h (got ${JSON.stringify(text)})`);
  return seconds;
}

/** Resolves at `when`, or earlier on Ctrl-C, SIGTERM or a closed terminal (each means: revert now). */
function waitUntil(when: Date, say: (line: string) => void): Promise<void> {
  return new Promise((resolve) => {
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
    const done = (signal?: string): void => {
      clearTimeout(timer);
      for (const s of signals) process.off(s, done);
      if (signal !== undefined) say(`${signal}: reverting now`);
      resolve();
    };
    const timer = setTimeout(() => done(), Math.max(0, when.getTime() - Date.now()));
    for (const s of signals) process.once(s, done);
  });
}

async function revertAndReport(ctx: DegradeContext, id: string | undefined, say: (line: string) => void): Promise<CliStatus> {
  const results = await revertPending(ctx, id);
  if (results.length === 0) {
    say(id === undefined ? 'Nothing pending to revert.' : `Revert ${id}: ${await goneRevert(ctx.stateDir, id)}.`);
    return 'ok';
  }
  const remaining = results.flatMap((r) => r.remaining);
  for (const entry of remaining) say(`NOT reverted: ${entry.component} ${entry.control} on ${entry.host}; still pending (perfmon degrade --revert)`);
  say(remaining.length === 0 ? 'Reverted.' : 'Revert incomplete.');
  return remaining.length === 0 ? 'ok' : 'failure';
}

export function runDegradeCommand(args: DegradeArgs, io: CliIO): Promise<CliStatus> {
  let forSeconds: number | undefined;
  return inSession(
    args,
    io,
    async (session, say) => {
      const ctx: DegradeContext = { inventory: session.inventory, access: session.access, audit: session.audit, stateDir: session.stateDir, onNote: say };
      const changing = args.revert === true || args.profile !== undefined || args.control !== undefined;
      if (!changing) return showStatus(session, args.component, say);
      const refusal = actionRefusal(session.inventory, 'degrade', { readOnly: args.readOnly, configPath: session.configPath });
      if (refusal !== undefined) throw new CliUsageError(refusal);
      if (args.revert) return revertAndReport(ctx, undefined, say);

      const request = requestedSettings(session, args);
      const duration = forSeconds ?? request.duration;
      say(environmentBanner(session.inventory.environment));
      say(`Degrade: ${request.label}${duration === undefined ? '' : `, reverted after ${formatDuration(duration)}`}`);
      for (const setting of request.settings) {
        const resolved = findControl(session.inventory, setting.component, setting.control);
        say(`  ${setting.component} ${setting.control} → ${setting.state} on ${resolved.hosts.join(', ')}; now: ${readings(await readControl(session.access, resolved))}`);
      }
      const revertAt = duration === undefined ? undefined : new Date(Date.now() + duration * 1000);
      const overlaps = findOverlaps(await readPending(session.stateDir), settingTargets(session.inventory, request.settings), revertAt);
      for (const line of overlapLines(overlaps, revertAt)) say(`  ${line}`);
      if (args.dryRun) {
        say(dryRunLine(undefined));
        return 'ok';
      }
      if (!args.yes && !(await confirmTyped(io, request.confirmWord, `apply ${request.label} in ${session.inventory.environment ?? 'this environment'}`))) {
        say('Not confirmed: nothing was done.');
        return 'failure';
      }
      const result = await applySettings(ctx, request.settings, { label: request.label, forSeconds: duration });
      for (const setting of result.settings) say(`${setting.component} ${setting.control}: was ${readings(setting.before)}; now ${readings(setting.after)}`);
      if (!result.ok) say('Some controls did not switch or do not read back as asked (see above).');
      if (result.revertId === undefined) {
        if (duration !== undefined) say('Every revert of this time box was already pending (above): nothing for this process to wait for.');
        return result.ok ? 'ok' : 'failure';
      }

      say(`Reverting at ${clockTime(result.revertAt!)} by itself: keep this running. Ctrl-C reverts now. If this process dies: perfmon degrade --revert`);
      // Connections idle for the whole time box may be dead by its end: the revert opens fresh ones.
      session.access.close();
      await waitUntil(result.revertAt!, say);
      const reverted = await revertAndReport(ctx, result.revertId, say);
      return result.ok && reverted === 'ok' ? 'ok' : 'failure';
    },
    () => {
      forSeconds = parseFor(args.for);
    },
  );
}
