import type { CommandModule } from 'yargs';
import { EXIT_USAGE } from './exit-codes.js';
import { loadSelection, withInventory, type InventoryArgs } from './inventory-options.js';
import { runStats } from './run-stats.js';
import { withColor, withInterval } from './shared-options.js';

interface MonitorArgs extends InventoryArgs {
  interval?: number;
  color: boolean;
  'read-only': boolean;
  'dumps-dir'?: string;
  record: boolean;
  attach: boolean;
}

/** `perfmon [targets…]`: the full-screen UI, on this machine or on a fleet. */
const monitor: CommandModule<object, MonitorArgs> = {
  command: '$0 [targets..]',
  describe: 'Watch this machine, or the inventory / [user@]host[:port] targets, live in the terminal UI (the default command)',
  builder: (y) =>
    withInventory(withColor(withInterval(y, false)))
      .positional('targets', { type: 'string', array: true, describe: 'Hosts to watch over SSH: inventory names or [user@]host[:port]' })
      .option('read-only', {
        type: 'boolean',
        default: false,
        describe: 'Hide every action that changes a host (restarts, degradation, dumps)',
      })
      .option('record', {
        type: 'boolean',
        default: true,
        describe: 'With no recorder serving this inventory, record into its history while the UI runs (--no-record: only watch)',
      })
      .option('attach', {
        type: 'boolean',
        default: true,
        describe: "Take live readings from the inventory's running recorder instead of opening SSH connections (--no-attach: collect here)",
      })
      .option('dumps-dir', { type: 'string', describe: 'Where the Dumps pane saves captures (default $XDG_STATE_HOME/perfmon/dumps)' }) as never,
  handler: async (args) => {
    // The command names, for "did you mean 'perfmon snapshot'?" (loaded here: index imports this file).
    const commands = (await import('./index.js')).commandModules.map((module) => String(module.command).split(' ')[0] as string).filter((name) => name !== '$0');
    const inventory = await loadSelection(args, { commands });
    if (!process.stdout.isTTY) {
      process.stderr.write("perfmon: stdout is not a terminal; for a one-off reading use 'perfmon snapshot' (or 'perfmon snapshot --json')\n");
      process.exitCode = EXIT_USAGE;
      return;
    }
    const [{ MetricStore }, { openSession }, { runTui }, { DEFAULT_THRESHOLDS }, theme] = await Promise.all([
      import('../src/model/store.js'),
      import('../src/runtime/session.js'),
      import('../views/run-tui.js'),
      import('../src/analysis/thresholds.js'),
      import('../views/theme.js'),
    ]);
    theme.applyColorChoice(args.color);
    const intervalMs = Math.round((args.interval ?? inventory?.interval ?? 1) * 1000);
    // A tick's readings arrive over a few hundred ms when hosts are many or busy: redraw once
    // for all of them (keys redraw at once regardless; only readings wait).
    const store = new MetricStore({ notifyDelayMs: Math.min(500, Math.max(100, intervalMs / 2)) });
    const stats = runStats();
    const readOnly = args['read-only'] || (inventory?.readOnly ?? false);

    if (!inventory) {
      const [session, { HOST_PANES }] = await Promise.all([openSession({ inventory: null, intervalMs, store }), import('../views/host-panes.js')]);
      try {
        const config = { thresholds: DEFAULT_THRESHOLDS, intervalMs, readOnly, environment: null, fleet: null };
        await runTui({ session, panes: HOST_PANES, config, onRender: stats.onRender });
      } finally {
        await session.close();
        stats.write({});
      }
      return;
    }

    const [{ hostFacts }, { fleetInfo }, { PassphraseRequests }] = await Promise.all([
      import('../src/fleet/fleet-session.js'),
      import('../views/fleet/fleet-info.js'),
      import('../src/ssh/passphrase-requests.js'),
    ]);
    const passphrases = new PassphraseRequests();
    // The fleet, the platform, JVM and health watchers, one audit log: all in the session — or
    // the running recorder's readings, through its relay, when it watches this inventory.
    const [{ openMonitorSession }, { storeDirOf }] = await Promise.all([import('../src/runtime/monitor-session.js'), import('../src/history/history-command.js')]);
    const historyDir = storeDirOf(undefined, inventory);
    const { session, source, onDemand } = await openMonitorSession({
      inventory,
      storeDir: historyDir,
      record: args.record,
      attach: args.attach,
      intervalMs,
      store,
      acceptNew: args['accept-new'],
      connect: { askPassphrase: passphrases.ask },
    });
    // The desks ride on the session's connections and close before them (the emergency desk
    // first: a run stops at its next step, this perfmon's time boxes revert).
    const dumps = (await import('../views/dumps/open-dumps.js')).openDumps(session, {
      readOnly,
      configPath: args.config,
      dumpsDir: args['dumps-dir'],
      ...(onDemand ? { connectionTo: (host: string) => onDemand.connectionTo(host) } : {}),
    });
    // Emergency procedures: only an inventory with components has any.
    const emergency = inventory.components.length > 0 ? (await import('../views/emergency/emergency-desk.js')).openEmergency(session, { readOnly, configPath: args.config }) : null;
    const logs = (await import('../views/logs/open-logs.js')).openLogs(session);
    let notes: string[] = [];
    try {
      // Replay reads the store the inventory's recorder writes.
      const { topologyOf } = await import('../src/analysis/bottlenecks/inventory-topology.js');
      const config = {
        thresholds: inventory.thresholds,
        intervalMs,
        readOnly,
        environment: inventory.environment ?? null,
        fleet: fleetInfo(hostFacts(inventory)),
        emergency,
        dumps,
        logs,
        ...(session.audit ? { auditPath: session.audit.path } : {}),
        historyDir,
        source,
        components: topologyOf(inventory),
      };
      const { fleetPanesFor } = await import('../views/panes.js');
      await runTui({ session, panes: fleetPanesFor(config), config, passphrases, onRender: stats.onRender });
    } finally {
      stats.write({ fleet: session.fleet?.stats() });
      notes = await session.close();
    }
    for (const line of notes) process.stderr.write(`perfmon: ${line}\n`);
  },
};

export default monitor;
