import type { Argv } from 'yargs';
import type { Inventory } from '../src/config/inventory-schema.js';

export interface InventoryArgs {
  config?: string | undefined;
  group?: string | undefined;
  targets?: string[] | undefined;
  'accept-new': boolean;
}

/** --config, --group and --accept-new: how every fleet command finds and reaches its hosts. */
export function withInventory<T>(y: Argv<T>) {
  return y
    .option('config', { alias: 'c', type: 'string', describe: 'Inventory file (default $XDG_CONFIG_HOME/perfmon/perfmon.yaml)' })
    .option('group', { alias: 'g', type: 'string', describe: 'Only the hosts of this inventory group' })
    .option('accept-new', {
      type: 'boolean',
      default: false,
      describe: 'Record unknown host keys in known_hosts (changed keys are always refused)',
    });
}

export class UsageError extends Error {}

/**
 * The inventory to work on: the file (or the default one), narrowed to `--group` and the
 * ad-hoc `[user@]host[:port]` targets. Null means local mode: no file, no targets.
 * Every problem in the file is reported at once, as file:line:column.
 */
export async function loadSelection(args: InventoryArgs, options: { commands?: readonly string[] } = {}): Promise<Inventory | null> {
  // Local mode, the common start: no inventory anywhere means nothing to load (the schema is
  // costly to import, and the first frame should not wait for it).
  if (args.config === undefined && (args.targets ?? []).length === 0 && args.group === undefined) {
    const [{ existsSync }, { defaultConfigPath }] = await Promise.all([import('node:fs'), import('../src/config/config-paths.js')]);
    if (!existsSync(defaultConfigPath())) return null;
  }
  const [{ loadInventory, defaultInventory }, { selectInventory, commandMeantBy }, { SelectionError }] = await Promise.all([
    import('../src/config/load-inventory.js'),
    import('../src/config/targets.js'),
    import('../src/config/inventory-queries.js'),
  ]);
  const loaded = await loadInventory(args.config === undefined ? {} : { configPath: args.config });
  if (loaded.status === 'invalid') {
    const { formatProblem } = await import('../src/config/problems.js');
    throw new UsageError(`${loaded.path} is not a valid inventory:\n${loaded.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
  }
  const targets = args.targets ?? [];
  if (loaded.status === 'absent' && targets.length === 0) {
    if (args.group !== undefined) throw new UsageError(`--group ${args.group}: there is no inventory (${loaded.path} does not exist)`);
    return null;
  }
  const base = loaded.status === 'loaded' ? loaded.inventory : defaultInventory();
  const meant = targets[0] === undefined || options.commands === undefined ? undefined : commandMeantBy(targets[0], base, options.commands);
  if (meant !== undefined) {
    throw new UsageError(`'${targets[0]}' is neither a command nor a host of the inventory; did you mean 'perfmon ${meant}'? (to watch a host of that name, write ${targets[0]}:22)`);
  }
  try {
    return selectInventory(base, { group: args.group, targets });
  } catch (error) {
    if (error instanceof SelectionError) throw new UsageError(error.message);
    throw error;
  }
}
