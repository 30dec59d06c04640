import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { loadSelection, UsageError } from './inventory-options.js';

/**
 * The handler the commands that rank stored series share (correlate, compare): checks --top,
 * finds the store (--store, else the inventory's) and the hosts' components, runs, and sets the
 * exit code — 0 done, 1 the store or the series could not be read, 2 a bad flag or inventory.
 */
export async function runOnHistory(
  command: string,
  args: { store?: string | undefined; config?: string | undefined; top: number },
  run: (store: string, componentsOf: (host: string) => string[]) => Promise<unknown>,
): Promise<void> {
  const { storeDirOf } = await import('../src/history/history-command.js');
  try {
    if (!(args.top >= 1)) throw new UsageError('--top must be ≥ 1');
    const inventory = await loadSelection({ config: args.config, 'accept-new': false });
    const components = inventory?.components ?? [];
    await run(storeDirOf(args.store, inventory), (host) => components.filter((c) => c.hosts.includes(host)).map((c) => c.name));
    process.exitCode = EXIT_OK;
  } catch (error) {
    process.stderr.write(`perfmon ${command}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = error instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE;
  }
}
