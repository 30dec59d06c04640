/**
 * What the procedure commands (restart, recover, degrade) share: loading the inventory they
 * need, the SSH access, the typed confirmation, the environment banner, and turning errors
 * into an outcome the command maps to an exit code.
 */
import { createInterface } from 'node:readline';
import { loadInventory } from '../../config/load-inventory.js';
import type { Inventory } from '../../config/inventory-schema.js';
import { formatProblem } from '../../config/problems.js';
import { AuditLog, currentIdentity } from '../audit-log.js';
import { LockRefusedError } from '../component-lock.js';
import { JournalError } from '../journal.js';
import { PlanError } from '../plan.js';
import { ActionRefusedError } from '../safety.js';
import { SshHostAccess } from '../ssh-host-access.js';
import { stateDir } from '../state-dir.js';

/** ok → exit 0; failure → 1 (stopped on a failure, refused by a lock, not confirmed); usage → 2. */
export type CliStatus = 'ok' | 'failure' | 'usage';

export interface CliIO {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  input: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  /** stdin and stdout are terminals: the operator can be asked. */
  interactive: boolean;
  env: NodeJS.ProcessEnv;
}

export function processIO(): CliIO {
  return {
    out: process.stdout,
    err: process.stderr,
    input: process.stdin,
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    env: process.env,
  };
}

/** Bad flags, a missing or invalid inventory: exit 2. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

export interface CommonArgs {
  config?: string | undefined;
  readOnly?: boolean | undefined;
  acceptNew?: boolean | undefined;
}

export interface Session {
  inventory: Inventory;
  configPath: string;
  access: SshHostAccess;
  audit: AuditLog;
  stateDir: string;
}

export async function loadProcedureInventory(configPath: string | undefined, env: NodeJS.ProcessEnv): Promise<{ inventory: Inventory; path: string }> {
  const loaded = await loadInventory(configPath === undefined ? { env } : { configPath, env });
  if (loaded.status === 'absent') throw new CliUsageError(`no inventory: ${loaded.path} does not exist; procedures need one (--config FILE)`);
  if (loaded.status === 'invalid') {
    throw new CliUsageError(`${loaded.path} is not a valid inventory:\n${loaded.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
  }
  return { inventory: loaded.inventory, path: loaded.path };
}

export async function openSession(args: CommonArgs, env: NodeJS.ProcessEnv): Promise<Session> {
  const { inventory, path } = await loadProcedureInventory(args.config, env);
  const access = new SshHostAccess(args.acceptNew ? { ...inventory, ssh: { ...inventory.ssh, acceptNew: true } } : inventory, { connect: { env } });
  return { inventory, configPath: path, access, audit: new AuditLog(inventory.audit.path, currentIdentity()), stateDir: stateDir(env) };
}

/** The environment, impossible to miss: `*** PRODUCTION ***`. */
export function environmentBanner(environment: string | undefined): string {
  if (environment === undefined) return 'Environment: (not named in the inventory)';
  return `*** ENVIRONMENT: ${environment.toUpperCase()} ***`;
}

/**
 * Asks the operator to type `expected` (the target's name). Without a terminal, refuses:
 * a script must say --yes.
 */
export async function confirmTyped(io: CliIO, expected: string, what: string): Promise<boolean> {
  if (!io.interactive) throw new CliUsageError(`refusing to ${what} without --yes: there is no terminal to confirm on (stdin and stdout must both be one)`);
  const reader = createInterface({ input: io.input, output: io.out, terminal: true });
  try {
    const answer = await new Promise<string | undefined>((resolve) => {
      reader.once('close', () => resolve(undefined));
      reader.question(`Type ${expected} to ${what}: `, resolve);
    });
    return answer?.trim() === expected;
  } finally {
    reader.close();
  }
}

export type Say = (line: string) => void;

/**
 * Runs a command's work with the inventory, access and audit log open; errors are printed
 * and mapped to a status; connections are closed however it ends. `prepare` runs first, for
 * argument errors that need no inventory; it may name the inventory file to open (a resumed
 * run's own).
 */
export async function inSession(
  args: CommonArgs,
  io: CliIO,
  work: (session: Session, say: Say) => Promise<CliStatus>,
  prepare?: () => Promise<string | undefined> | void,
): Promise<CliStatus> {
  const say: Say = (line) => io.out.write(`${line}\n`);
  let session: Session | undefined;
  try {
    const config = (await prepare?.()) ?? args.config;
    session = await openSession({ ...args, config }, io.env);
    return await work(session, say);
  } catch (error) {
    return reportError(io, error);
  } finally {
    session?.access.close();
  }
}

/** The last line of a dry run. */
export function dryRunLine(refusal: string | undefined): string {
  return refusal === undefined ? 'Dry run: nothing was done.' : `Dry run: nothing was done (and it would be refused: ${refusal}).`;
}

/** Prints an error as the commands do and says which exit status it means. */
export function reportError(io: CliIO, error: unknown): CliStatus {
  const message = error instanceof Error ? error.message : String(error);
  io.err.write(`perfmon: ${message}\n`);
  if (error instanceof CliUsageError || error instanceof PlanError || error instanceof ActionRefusedError || error instanceof JournalError) return 'usage';
  if (error instanceof LockRefusedError) return 'failure';
  if (io.env['PERFMON_DEBUG'] && error instanceof Error) io.err.write(`${error.stack}\n`);
  return 'failure';
}
