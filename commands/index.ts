import type { CommandModule } from 'yargs';
import monitor from './monitor.js';
import snapshot from './snapshot.js';
import config from './config.js';
import analyze from './analyze.js';
import dump from './dump.js';
import profile from './profile.js';
import tune from './tune.js';
import restart from './restart.js';
import recover from './recover.js';
import degrade from './degrade.js';
import queues from './queues.js';
import anomalies from './anomalies.js';
import audit from './audit.js';
import load from './load.js';
import history from './history.js';
import record from './record.js';
import alerts from './alerts.js';
import silence from './silence.js';
import logs from './logs.js';
import runbook from './runbook.js';
import correlate from './correlate.js';
import compare from './compare.js';
import bottlenecks from './bottlenecks.js';
import capacity from './capacity.js';

// Every command of perfmon, in the order `perfmon --help` lists them. The default command
// (`perfmon` with no command: the TUI) comes first. One module per file; each loads its
// heavy dependencies inside its handler so that start-up stays fast.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commandModules: CommandModule<any, any>[] = [monitor, snapshot, config, analyze, dump, profile, tune, restart, recover, degrade, queues, record, history, alerts, silence, correlate, compare, bottlenecks, capacity, audit, logs, runbook, load, anomalies];
