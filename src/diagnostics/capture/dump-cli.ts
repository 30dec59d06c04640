/**
 * `perfmon dump thread|heap|histogram HOST`: the command-line side of the captures. Checks the
 * action is allowed (--read-only, readOnly, the inventory's actions), connects like the fleet
 * (the inventory entry or an ad-hoc `[user@]host[:port]`, ~/.ssh/config applied), audits,
 * shows progress on stderr and the results on stdout: where the files went and what they say.
 */
import { statusLine } from '../../format/status-line.js';
import { resolve } from 'node:path';
import type { ActionKind, Inventory } from '../../config/inventory-schema.js';
import type { HostEntry } from '../../config/host-schema.js';
import { resolveFleetHosts } from '../../fleet/fleet-host.js';
import { formatBytes } from '../../format/units.js';
import { AuditLog, currentIdentity } from '../../procedures/audit-log.js';
import { confirmTyped, type CliIO } from '../../procedures/cli/cli-support.js';
import { actionRefusal } from '../../procedures/safety.js';
import { connect, SshError, type SshConnection } from '../../ssh/connection.js';
import { analyzeHistogramFiles, analyzeThreadDumpFiles } from '../analyze-files.js';
import { formatTopClasses } from '../format-class-histogram.js';
import { topClasses } from '../class-histogram.js';
import { auditLogHook, type CaptureAudit } from './capture-audit.js';
import { CaptureError } from './capture-error.js';
import { captureClassHistogram } from './class-histogram-capture.js';
import { captureHeapDump, type HeapDump, type HeapDumpProgress } from './heap-dump-capture.js';
import { findPartialHeapDumps, resumeHeapDumps } from './heap-dump-resume.js';
import { fetchLine, fetchQuarter, planLines } from './progress-text.js';
import { captureThreadDumps } from './thread-dump-capture.js';
import { threadDumpSummary } from './thread-dump-summary.js';
import { sleepUnlessAborted } from './wait.js';

export type DumpStatus = 'ok' | 'failure' | 'usage' | 'unreachable';

export interface DumpArgs {
  /** The inventory narrowed to the one host (commands/inventory-options.ts loadSelection). */
  inventory: Inventory;
  configPath?: string | undefined;
  readOnly: boolean;
  acceptNew: boolean;
  /** Local folder for the files; default the current directory. */
  out?: string | undefined;
  /** Per capture step, seconds; default per kind. */
  timeout?: number | undefined;
  signal?: AbortSignal | undefined;
}

export interface SeriesArgs extends DumpArgs {
  pid: number;
  count: number;
  every: number;
}

export interface HeapArgs extends DumpArgs {
  pid?: number | undefined;
  live: boolean;
  yes: boolean;
  resume: boolean;
}

export interface CaptureSession {
  connection: SshConnection;
  entry: HostEntry;
  audit: CaptureAudit;
  outDir: string;
  err: (line: string) => void;
}

/** Opens the one host of the selection and runs `work`; every error becomes a line and a status. */
export async function onHost(args: DumpArgs, kind: ActionKind, io: CliIO, work: (session: CaptureSession) => Promise<DumpStatus>): Promise<DumpStatus> {
  const err = (line: string) => io.err.write(`${line}\n`);
  const refusal = actionRefusal(args.inventory, kind, { readOnly: args.readOnly, configPath: args.configPath });
  if (refusal !== undefined) {
    err(`perfmon: ${refusal}`);
    return 'usage';
  }
  const [host] = resolveFleetHosts(args.inventory, io.env['HOME'] ? { home: io.env['HOME'] } : {});
  if (host === undefined) {
    err('perfmon: no host to dump from');
    return 'usage';
  }
  if (host.ssh === null) {
    err(`perfmon: ${host.name}: ${host.configError}`);
    return 'unreachable';
  }
  let connection: SshConnection;
  try {
    const { ssh } = args.inventory;
    connection = await connect(host.ssh, { acceptNew: ssh.acceptNew || args.acceptNew, maxSessions: ssh.maxSessions, env: io.env });
  } catch (error) {
    err(`perfmon: ${(error as Error).message}`);
    return 'unreachable';
  }
  try {
    const audit = auditLogHook(new AuditLog(args.inventory.audit.path, currentIdentity()));
    return await work({ connection, entry: host.entry, audit, outDir: resolve(args.out ?? '.'), err });
  } catch (error) {
    if (error instanceof CaptureError) {
      err(`perfmon: ${error.message}`);
      if (error.files.length > 0) err(`saved before it stopped: ${error.files.join(' ')}`);
      return 'failure';
    }
    if (error instanceof SshError) {
      err(`perfmon: ${error.message}`);
      return 'unreachable';
    }
    throw error;
  } finally {
    connection.close();
  }
}

export function runThreadDumpCommand(args: SeriesArgs, io: CliIO): Promise<DumpStatus> {
  return onHost(args, 'dump-thread', io, async ({ connection, entry, audit, outDir, err }) => {
    const line = statusLine(io.err);
    const series = await captureThreadDumps(
      connection,
      { ...entry.jvm, host: entry.name, pid: args.pid, count: args.count, everySeconds: args.every, outDir, audit, signal: args.signal, timeoutMs: (args.timeout ?? 60) * 1000 },
      (event) => {
        if (event.type === 'receiving') line.show(`dump ${event.index + 1}/${args.count}: ${formatBytes(event.bytes)} received`);
        else if (event.type === 'saved') {
          line.clear();
          io.out.write(`saved ${event.file} (${formatBytes(event.bytes)})\n`);
        } else if (event.type === 'waiting' && event.seconds > 0) line.show(`next dump in ${Math.round(event.seconds)}s …`);
        else if (event.type === 'notice') err(`note: ${event.message}`);
      },
    );
    line.clear();
    const analysis = await analyzeThreadDumpFiles(series.files);
    io.out.write(`\n${threadDumpSummary(analysis.json, series.files)}`);
    return 'ok';
  });
}

function heapProgress(io: CliIO, line: ReturnType<typeof statusLine>): (event: HeapDumpProgress) => void {
  let quarter = -1;
  // From the go-ahead on: the time the operator took to confirm is not the dump's.
  let started = Date.now();
  return (event) => {
    switch (event.type) {
      case 'dumping':
        started = Date.now();
        line.show(`dumping the heap to ${event.remotePath} …`, true);
        break;
      case 'dumped':
        line.done();
        io.err.write(`dumped ${formatBytes(event.bytes)} in ${event.seconds.toFixed(1)}s\n`);
        break;
      case 'checksum':
        io.err.write('computing the remote SHA-256 …\n');
        break;
      case 'fetching': {
        const q = fetchQuarter(event.progress);
        line.show(fetchLine(event.progress), q !== quarter);
        quarter = q;
        break;
      }
      case 'verified':
        line.done();
        io.out.write(`saved ${event.file} (${event.bytes} bytes, sha256 ${event.sha256}, verified) in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
        break;
      case 'remote-removed':
        io.out.write(`removed the remote copy ${event.remotePath}\n`);
        break;
      case 'remote-kept':
        io.out.write(`kept the remote copy ${event.remotePath}: ${event.reason}\n`);
        break;
      case 'notice':
        io.err.write(`note: ${event.message}\n`);
        break;
      case 'target':
      case 'plan':
        break;
    }
  };
}

export function runHeapDumpCommand(args: HeapArgs, io: CliIO): Promise<DumpStatus> {
  if (!args.resume && args.pid === undefined) {
    io.err.write('perfmon: dump heap needs --pid PID (or --resume to complete interrupted fetches)\n');
    return Promise.resolve('usage');
  }
  if (!args.resume && !args.yes && !io.interactive) {
    io.err.write('perfmon: refusing to dump a heap without --yes: stdin is not a terminal, so no one can confirm the pause\n');
    return Promise.resolve('usage');
  }
  return onHost(args, 'dump-heap', io, async ({ connection, entry, audit, outDir }) => {
    const line = statusLine(io.err);
    const progress = heapProgress(io, line);
    const jvm = entry.jvm;
    if (args.resume) {
      const outcome = await resumeHeapDumps(connection, { ...jvm, host: entry.name, outDir, keepRemote: jvm.keepRemoteDumps, signal: args.signal }, progress);
      for (const gone of outcome.discarded) io.out.write(`${gone.reason}\n`);
      if (outcome.completed.length === 0 && outcome.discarded.length === 0) io.out.write(`no interrupted heap dump fetch of ${entry.name} in ${outDir}\n`);
      return outcome.discarded.length === 0 ? 'ok' : 'failure';
    }
    const waiting = await findPartialHeapDumps(outDir, entry.name);
    if (waiting.length > 0) io.err.write(`note: ${waiting.length} interrupted fetch(es) of ${entry.name} in ${outDir}: --resume completes them\n`);
    let mainClass: string | null = null;
    const dump: HeapDump = await captureHeapDump(
      connection,
      {
        ...jvm,
        host: entry.name,
        pid: args.pid!,
        outDir,
        live: args.live,
        keepRemote: jvm.keepRemoteDumps,
        audit,
        signal: args.signal,
        ...(args.timeout === undefined ? {} : { dumpTimeoutMs: args.timeout * 1000 }),
        confirm: async (plan) => {
          for (const text of planLines(plan, mainClass)) io.out.write(`${text}\n`);
          return args.yes || confirmTyped(io, entry.name, `dump the heap of JVM ${plan.pid}`);
        },
      },
      (event) => {
        if (event.type === 'target') mainClass = event.target.mainClass;
        progress(event);
      },
    );
    return dump.file ? 'ok' : 'failure';
  });
}

export function runHistogramCommand(args: SeriesArgs & { all: boolean }, io: CliIO): Promise<DumpStatus> {
  return onHost(args, 'dump-heap', io, async ({ connection, entry, audit, outDir }) => {
    const files: string[] = [];
    for (let i = 0; i < args.count; i++) {
      if (i > 0 && !(await sleepUnlessAborted(args.every * 1000, args.signal))) {
        throw new CaptureError('cancelled', entry.name, `${entry.name}: interrupted after ${files.length} of ${args.count} class histograms`, files);
      }
      const capture = await captureClassHistogram(connection, {
        ...entry.jvm,
        host: entry.name,
        pid: args.pid,
        outDir,
        all: args.all,
        audit,
        signal: args.signal,
        timeoutMs: (args.timeout ?? 120) * 1000,
      });
      files.push(capture.file);
      io.out.write(`saved ${capture.file}\n`);
      if (args.count === 1) io.out.write(`\n${formatTopClasses(capture.file, topClasses(capture.histogram, 10), capture.histogram.totalBytes)}`);
    }
    if (files.length > 1) io.out.write(`\n${(await analyzeHistogramFiles([files[0]!, files[files.length - 1]!], 10)).report}`);
    return 'ok';
  });
}
