/**
 * `perfmon record`: opens the store and the collection, logs to stderr, reloads the inventory on
 * SIGHUP, flushes and resolves 0 on SIGTERM/SIGINT. A store another recorder holds resolves 1;
 * any other store problem is logged and retried while the hosts are still watched.
 */
import { existsSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { defaultConfigPath } from '../config/config-paths.js';
import type { Inventory } from '../config/inventory-schema.js';
import { storeDirOf } from '../history/history-command.js';
import { Recorder, retentionOf, type OpenReadingSource } from '../history/recorder.js';
import { WriterLockHeldError } from '../history/store-errors.js';
import { DEFAULT_THRESHOLDS } from '../analysis/thresholds.js';
import { AlertmanagerNotifier } from '../alerts/alertmanager-notifier.js';
import { AlertRunner } from '../alerts/alert-runner.js';
import { inventoryRules } from '../alerts/inventory-rules.js';
import { SilenceWatch, silencesFile } from '../alerts/silences.js';
import { AckWatch, acksFile } from '../alerts/acks.js';
import { MaintenanceWatch, maintenanceConfigOf } from '../alerts/maintenance-watch.js';
import { ReadingRelay } from './reading-relay.js';
import { LiveAnomalyScorer } from '../analysis/anomaly/live-anomaly-scorer.js';
import { sessionReadings } from './recorder-readings.js';
import { collectionFingerprint } from './relay-protocol.js';
import type { Session } from './session.js';
import { systemdUnit } from './systemd-unit.js';

export interface RecordFlags {
  config?: string | undefined;
  group?: string | undefined;
  store?: string | undefined;
  interval?: number | undefined;
  'flush-interval'?: number | undefined;
  'accept-new': boolean;
}

/** What decides which hosts are watched and how: a reload that changes none of it keeps the connections. */
function collectionOf(inventory: Inventory | null): string {
  return inventory === null ? 'local' : JSON.stringify({ hosts: inventory.hosts, ssh: inventory.ssh, interval: inventory.interval });
}

export async function runRecorder(
  flags: RecordFlags,
  load: () => Promise<Inventory | null>,
  err: NodeJS.WritableStream,
  signals: NodeJS.EventEmitter = process,
): Promise<number> {
  const log = (line: string) => void err.write(`${new Date().toISOString()} perfmon record: ${line}\n`);
  let inventory = await load();
  const store = storeDirOf(flags.store === undefined ? undefined : resolve(flags.store), inventory);
  const intervalOf = (inv: Inventory | null) => Math.round((flags.interval ?? inv?.interval ?? 1) * 1000);
  // The TUIs on this machine attach to the relay for live readings instead of collecting.
  let relay: ReadingRelay | null = null;
  let current: { session: Session; inventory: Inventory | null } | null = null;
  const serve = () => {
    if (!relay || !current) return;
    const { session, inventory: inv } = current;
    relay.attach({ store: session.store, fingerprint: collectionFingerprint(inv), hosts: session.store.getState().hosts.map((h) => h.name), intervalMs: intervalOf(inv) });
  };
  const open = (inv: Inventory | null): OpenReadingSource =>
    sessionReadings(inv, { intervalMs: intervalOf(inv), acceptNew: flags['accept-new'] }, (session) => {
      current = { session, inventory: inv };
      serve();
    });
  const alerts = alertRunner(inventory, store, log);
  let recorder: Recorder;
  try {
    const flush = flags['flush-interval'];
    // Every stored series scored as it is recorded, by the detector `perfmon anomalies` runs.
    const anomalies = new LiveAnomalyScorer();
    recorder = await Recorder.start(open(inventory), {
      store,
      log,
      judge: (snapshot, t) => alerts.runner.reading(snapshot, t).history,
      judgeInstant: (group, t, samples) => alerts.runner.instant(group, t, samples).history,
      score: (group, t, samples) => anomalies.score(group, t, samples),
      downEveryMs: intervalOf(inventory),
      ...(flush === undefined ? {} : { flushIntervalMs: Math.round(flush * 1000) }),
      ...(inventory ? { retention: retentionOf(inventory.history) } : {}),
    });
  } catch (error) {
    alerts.stop();
    if (!(error instanceof WriterLockHeldError)) throw error;
    log(`not started: ${error.message}`);
    return 1;
  }
  relay = await ReadingRelay.serve(store, { log });
  serve();
  if (relay) log(`live readings served on ${relay.path}`);
  const what = inventory ? `${recorder.hosts.length} host${recorder.hosts.length === 1 ? '' : 's'} (${recorder.hosts.join(', ')})` : `this machine (${recorder.hosts[0]})`;
  const every = `every ${intervalOf(inventory) / 1000} s`;
  log(`${recorder.recording ? `recording ${what} ${every} into ${store}` : `watching ${what} ${every}; not recording until ${store} opens (see above)`}; pid ${process.pid}`);

  return new Promise((done) => {
    const reload = () => {
      log('SIGHUP: reloading the inventory');
      load().then(
        (next) => {
          if (collectionOf(next) === collectionOf(inventory)) return log('inventory reloaded: hosts unchanged');
          if ((next?.history.path ?? store) !== store && flags.store === undefined) log(`history.path is now ${next?.history.path}: still recording into ${store} until restarted`);
          inventory = next;
          return recorder.replaceSource(open(next));
        },
        (error: unknown) => log(`SIGHUP: the inventory was not reloaded, still recording the previous one: ${error instanceof Error ? error.message : String(error)}`),
      );
    };
    const stop = async (signal: string) => {
      signals.off('SIGHUP', reload);
      signals.off('SIGTERM', onTerm);
      signals.off('SIGINT', onInt);
      log(`${signal}: stopping`);
      // The relay last: TUIs that fall back find the store free to record into.
      await recorder.stop();
      await relay?.close();
      alerts.stop();
      log(`stopped; ${recorder.samples} samples recorded this run${recorder.samples > 0 ? `, flushed to ${store}` : ''}`);
      done(0);
    };
    const onTerm = () => void stop('SIGTERM');
    const onInt = () => void stop('SIGINT');
    signals.on('SIGHUP', reload);
    signals.on('SIGTERM', onTerm);
    signals.on('SIGINT', onInt);
  });
}

/**
 * The inventory's alert rules (the built-in ones with no inventory), judged on every reading,
 * logged, stored, and sent to its Alertmanager if it names one. Rules are read at start: a
 * SIGHUP reload keeps them (and the alerts' state).
 */
export function alertRunner(inventory: Inventory | null, store: string, log: (line: string) => void): { runner: AlertRunner; stop(): void } {
  const rules = inventoryRules(inventory?.thresholds ?? DEFAULT_THRESHOLDS, inventory?.alerts ?? { builtIn: true, rules: [] });
  const am = inventory?.alerts.alertmanager;
  const notifier = am ? new AlertmanagerNotifier({ url: am.url, resendMs: am.resend * 1000, onProblem: log }) : undefined;
  const silences = new SilenceWatch(silencesFile(store), log);
  const acks = new AckWatch(acksFile(store), log);
  const maintenance = new MaintenanceWatch(maintenanceConfigOf(inventory), inventory?.audit.path ?? null, log);
  const runner = new AlertRunner(rules, { log, silences, acks, maintenance, ...(notifier ? { notifier } : {}) });
  log(`${rules.length} alert rules${am ? `, alerts go to ${am.url}` : ''}`);
  const timer = notifier ? setInterval(() => void runner.tick(), 5000) : null;
  timer?.unref();
  return {
    runner,
    stop: () => {
      if (timer) clearInterval(timer);
      maintenance.stop();
      void notifier?.flush();
    },
  };
}

/** The unit file for this recorder, with absolute paths (the config as found now). */
export function printSystemdUnit(flags: RecordFlags, env: NodeJS.ProcessEnv = process.env): string {
  const config = flags.config !== undefined ? resolve(flags.config) : existsSync(defaultConfigPath(env)) ? defaultConfigPath(env) : undefined;
  const args = [
    ...(config === undefined ? [] : ['--config', config]),
    ...(flags.group === undefined ? [] : ['--group', flags.group]),
    ...(flags.store === undefined ? [] : ['--store', resolve(flags.store)]),
    ...(flags.interval === undefined ? [] : ['--interval', String(flags.interval)]),
    ...(flags['flush-interval'] === undefined ? [] : ['--flush-interval', String(flags['flush-interval'])]),
    ...(flags['accept-new'] ? ['--accept-new'] : []),
  ];
  const environment = Object.fromEntries(
    ['PERFMON_STATE_DIR', 'XDG_STATE_HOME', 'XDG_CONFIG_HOME'].flatMap((name) => {
      const value = env[name];
      return value !== undefined && value.startsWith('/') ? [[name, value]] : [];
    }),
  );
  return systemdUnit({
    node: process.execPath,
    perfmon: realpathSync(process.argv[1] ?? 'perfmon'),
    args,
    environment,
    description: `perfmon recorder: history of ${config === undefined ? 'this machine' : `${config}${flags.group === undefined ? '' : ` (group ${flags.group})`}`}`,
  });
}
