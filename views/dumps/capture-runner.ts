/**
 * How the Dumps desk reaches the engine: the capture functions of src/diagnostics/capture, run
 * on the fleet's live connection of the host (no connection of their own). View tests hand a
 * runner that replays captured files instead.
 */
import { captureClassHistogram, type ClassHistogramCapture, type ClassHistogramCaptureOptions, type ClassHistogramProgress } from '../../src/diagnostics/capture/class-histogram-capture.js';
import { CaptureError } from '../../src/diagnostics/capture/capture-error.js';
import { captureHeapDump, type HeapDump, type HeapDumpOptions, type HeapDumpProgress } from '../../src/diagnostics/capture/heap-dump-capture.js';
import { resumeHeapDumps, type ResumeOptions, type ResumeOutcome } from '../../src/diagnostics/capture/heap-dump-resume.js';
import { captureThreadDumps, type ThreadDumpCaptureOptions, type ThreadDumpProgress, type ThreadDumpSeries } from '../../src/diagnostics/capture/thread-dump-capture.js';
import { captureProfile, type ProfileCapture, type ProfileOptions, type ProfileProgress } from '../../src/diagnostics/capture/jfr-capture.js';
import type { FleetMonitor } from '../../src/fleet/fleet-monitor.js';
import type { SshConnection } from '../../src/ssh/connection.js';

export interface CaptureRunner {
  /** Why nothing can be captured on the host now (it is not connected), or null. */
  unavailable(host: string): string | null;
  threadDumps(options: ThreadDumpCaptureOptions, onProgress: (event: ThreadDumpProgress) => void): Promise<ThreadDumpSeries>;
  heapDump(options: HeapDumpOptions, onProgress: (event: HeapDumpProgress) => void): Promise<HeapDump>;
  classHistogram(options: ClassHistogramCaptureOptions, onProgress: (event: ClassHistogramProgress) => void): Promise<ClassHistogramCapture>;
  resumeHeapDumps(options: ResumeOptions, onProgress: (event: HeapDumpProgress) => void): Promise<ResumeOutcome>;
  profile(options: ProfileOptions, onProgress: (event: ProfileProgress) => void): Promise<ProfileCapture>;
}

export function fleetCaptureRunner(fleet: Pick<FleetMonitor, 'connection'>): CaptureRunner {
  const on = async (host: string): Promise<SshConnection> => {
    const connection = fleet.connection(host);
    if (connection === null) throw new CaptureError('interrupted', host, notConnected(host));
    return connection;
  };
  return captureRunner(on, (host) => (fleet.connection(host) === null ? notConnected(host) : null));
}

/** A TUI attached to a recorder has no connection of its own: a capture opens one to its host (and keeps it until perfmon quits). */
export function onDemandCaptureRunner(connectionTo: (host: string) => Promise<SshConnection>): CaptureRunner {
  return captureRunner(connectionTo, () => null);
}

function captureRunner(on: (host: string) => Promise<SshConnection>, unavailable: (host: string) => string | null): CaptureRunner {
  return {
    unavailable,
    threadDumps: async (options, onProgress) => captureThreadDumps(await on(options.host), options, onProgress),
    heapDump: async (options, onProgress) => captureHeapDump(await on(options.host), options, onProgress),
    classHistogram: async (options, onProgress) => captureClassHistogram(await on(options.host), options, onProgress),
    resumeHeapDumps: async (options, onProgress) => resumeHeapDumps(await on(options.host), options, onProgress),
    profile: async (options, onProgress) => captureProfile(await on(options.host), options, onProgress),
  };
}

function notConnected(host: string): string {
  return `${host} is not connected (down or still connecting): nothing can be captured there until it is up`;
}
