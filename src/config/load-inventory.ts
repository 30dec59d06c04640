/**
 * Finds and loads the inventory: `--config FILE`, else $XDG_CONFIG_HOME/perfmon/perfmon.yaml
 * (~/.config when unset). A missing default file means "no inventory" (local mode); a missing
 * explicit file is a problem. Nothing here throws for a bad file: problems are returned (or
 * thrown as one InventoryError by loadInventoryOrThrow, which lists them all).
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { defaultAuditPath, defaultConfigPath } from './config-paths.js';
import { inventorySchema, type Inventory, type UnresolvedInventory } from './inventory-schema.js';
import { parseInventoryText } from './parse-inventory.js';
import { InventoryError, type Problem } from './problems.js';

export { defaultAuditPath, defaultConfigPath } from './config-paths.js';

export interface LoadOptions {
  /** `--config FILE`; when absent the default path is used. */
  configPath?: string | undefined;
  env?: NodeJS.ProcessEnv;
  home?: string;
}

export type LoadResult =
  | { status: 'loaded'; path: string; inventory: Inventory }
  | { status: 'absent'; path: string }
  | { status: 'invalid'; path: string; problems: Problem[] };

/** `~` and `~/x` → the home directory; relative paths → against baseDir; others unchanged. */
export function expandPath(path: string, baseDir: string, home: string): string {
  if (path === '~') return home;
  if (path.startsWith('~/')) return join(home, path.slice(2));
  return resolve(baseDir, path);
}

export interface ResolveOptions {
  /** Directory relative local paths are resolved against: the inventory file's. */
  baseDir: string;
  env?: NodeJS.ProcessEnv;
  home?: string;
}

/** Local paths (audit log, history store, identity files) made absolute; the audit path gets its default. */
export function resolveInventoryPaths(inventory: UnresolvedInventory, options: ResolveOptions): Inventory {
  const { baseDir, env = process.env, home = homedir() } = options;
  const local = (path: string | undefined) => (path === undefined ? undefined : expandPath(path, baseDir, home));
  return {
    ...inventory,
    audit: { path: local(inventory.audit.path) ?? defaultAuditPath(env, home) },
    history: { ...inventory.history, path: local(inventory.history.path) },
    ssh: { ...inventory.ssh, identityFile: local(inventory.ssh.identityFile) },
    hosts: inventory.hosts.map((host) => ({ ...host, identityFile: local(host.identityFile) })),
  };
}

/** The inventory of local mode / ad-hoc targets: every default, no hosts. */
export function defaultInventory(options: Partial<ResolveOptions> = {}): Inventory {
  return resolveInventoryPaths(inventorySchema.parse({}), { baseDir: process.cwd(), ...options });
}

function readProblem(file: string, error: NodeJS.ErrnoException): Problem {
  const reasons: Record<string, string> = {
    ENOENT: 'no such file',
    EACCES: 'permission denied',
    EISDIR: 'is a directory, not a file',
  };
  return { file, path: '', message: `cannot read the inventory: ${reasons[error.code ?? ''] ?? error.message}` };
}

export async function loadInventory(options: LoadOptions = {}): Promise<LoadResult> {
  const { env = process.env, home = homedir() } = options;
  const explicit = options.configPath !== undefined && options.configPath !== '';
  const path = explicit ? (options.configPath as string) : defaultConfigPath(env, home);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const failure = error as NodeJS.ErrnoException;
    if (!explicit && failure.code === 'ENOENT') return { status: 'absent', path };
    return { status: 'invalid', path, problems: [readProblem(path, failure)] };
  }
  const parsed = parseInventoryText(text, path);
  if (!parsed.ok) return { status: 'invalid', path, problems: parsed.problems };
  const inventory = resolveInventoryPaths(parsed.inventory, { baseDir: dirname(resolve(path)), env, home });
  return { status: 'loaded', path, inventory };
}

/** The inventory, or null in local mode (no default file); throws InventoryError listing every problem. */
export async function loadInventoryOrThrow(options: LoadOptions = {}): Promise<Inventory | null> {
  const result = await loadInventory(options);
  if (result.status === 'invalid') throw new InventoryError(result.problems);
  return result.status === 'loaded' ? result.inventory : null;
}
