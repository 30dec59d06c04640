/**
 * What the emergency pane shows of a run or a refusal must follow what happened since: the
 * journal of a run this perfmon stopped may have been resumed and finished by the CLI, and
 * the perfmon that held a refusing lock may have let it go or exited. Pure functions of what
 * RunDesk reads back from the journals and lock files.
 */
import { hostname } from 'node:os';
import { clockTime } from '../../src/format/units.js';
import { describeOwner, holderExited, type LockOwner } from '../../src/procedures/component-lock.js';
import type { JournalData } from '../../src/procedures/journal.js';
import type { DeskMessage } from './observable.js';
import type { DeskRun } from './run-desk.js';
import { componentRun } from './run-progress.js';

/** A lock that refused a run: where, and who held it then. */
export interface LockRefusal {
  component: string;
  host: string;
  owner: LockOwner;
}

function writer(journal: JournalData): string {
  if (journal.localHost !== hostname()) return `perfmon pid ${journal.pid} on ${journal.localHost}`;
  return journal.pid === process.pid ? 'this perfmon' : `perfmon pid ${journal.pid}`;
}

/**
 * A finished restart of this desk whose journal was written since it ended (resumed elsewhere,
 * e.g. by `perfmon restart --resume`): the run as its journal now has it. Undefined: nothing new.
 */
export function followJournal(run: DeskRun, journals: readonly JournalData[], live: (journal: JournalData) => boolean): Partial<DeskRun> | undefined {
  const runId = run.restart?.runId;
  if (run.phase !== 'finished' || run.kind !== 'restart' || runId === undefined || run.endedAt === undefined) return undefined;
  const journal = journals.find((j) => j.runId === runId);
  if (journal === undefined || journal.updatedAt <= run.endedAt) return undefined;
  const restart = { ...componentRun(journal.plan, journal), resumed: true };
  const by = writer(journal);
  const at = clockTime(new Date(journal.updatedAt));
  const base = { restart, endedAt: journal.updatedAt };
  if (journal.status === 'running' && live(journal)) return { ...base, elsewhere: by, summary: [`Resumed by ${by}: running there (journal updated ${at}).`] };
  if (journal.status === 'running') return { ...base, elsewhere: undefined, ended: 'error', summary: [`Resumed by ${by}, which stopped at ${at} without finishing: resume it again.`] };
  const reason = journal.reason === undefined ? '' : `: ${journal.reason}`;
  return { ...base, elsewhere: undefined, ended: journal.status, summary: [`Resumed by ${by} and ${journal.status} at ${at}${reason}.`] };
}

/**
 * The refusal as the lock stands now (`owner` read back from the host: null when free,
 * undefined when unreadable): the message to show, and the lock to keep following.
 */
export function lockRefusalNow(refusal: LockRefusal, owner: LockOwner | null | undefined, now: number): { message: DeskMessage; follow: LockRefusal | undefined } | undefined {
  if (owner === undefined) return undefined;
  const { component, host } = refusal;
  if (owner === null) {
    return { message: { text: `The lock on ${component} (${host}) that refused the run is free now: r to try again.`, tone: 'info' }, follow: undefined };
  }
  const held = `Refused: ${host}: component ${component} is locked by ${describeOwner(owner, now)}`;
  if (owner.expiresAt <= now) return { message: { text: `${held}: it has expired, r takes it over.`, tone: 'info' }, follow: { ...refusal, owner } };
  if (holderExited(owner)) {
    return { message: { text: `${held}; pid ${owner.pid} has exited, so the lock is free once it expires.`, tone: 'bad' }, follow: { ...refusal, owner } };
  }
  return { message: { text: `${held}. Nothing was done.`, tone: 'bad' }, follow: { ...refusal, owner } };
}
