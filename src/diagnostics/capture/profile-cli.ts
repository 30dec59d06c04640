/**
 * `perfmon profile HOST --pid PID`: a JFR recording of the JVM (jfr-capture.ts) fetched into
 * the output folder, then analysed here with the JDK's `jfr` (profile/read-recording.ts):
 * progress on stderr, the report (or --json) on stdout, flame graph exports on request.
 * Allowed, refused and audited as a thread dump is (the dump-thread action kind): it reads
 * the JVM and loads it a little, it pauses nothing.
 */
import { clockTime, formatBytes } from '../../format/units.js';
import { statusLine } from '../../format/status-line.js';
import type { CliIO } from '../../procedures/cli/cli-support.js';
import { profileJson } from '../profile/analyze-profile.js';
import { formatProfile } from '../profile/format-profile.js';
import { writeProfileExports, type ExportRequest } from '../profile/profile-exports.js';
import { analyzeRecording, RecordingError } from '../profile/read-recording.js';
import { onHost, type DumpArgs, type DumpStatus } from './dump-cli.js';
import { captureProfile, type ProfileProgress } from './jfr-capture.js';
import { fetchLine } from './progress-text.js';

export interface ProfileArgs extends DumpArgs, ExportRequest {
  pid: number;
  durationSeconds: number;
  json: boolean;
  top: number;
}

function progress(io: CliIO): (event: ProfileProgress) => void {
  const line = statusLine(io.err);
  let timer: NodeJS.Timeout | undefined;
  return (event) => {
    switch (event.type) {
      case 'recording': {
        io.err.write(`recording ${event.seconds}s of JFR (settings=profile) into ${event.remotePath}, until ${clockTime(event.endsAt)} …\n`);
        timer = setInterval(() => line.show(`recording: ${Math.max(0, Math.ceil((event.endsAt - Date.now()) / 1000))}s left`), 1000);
        timer.unref();
        break;
      }
      case 'writing':
        clearInterval(timer);
        line.clear();
        io.err.write('the recording ended; waiting for the JVM to write it …\n');
        break;
      case 'fetching':
        line.show(fetchLine(event.progress));
        break;
      case 'verified':
        line.clear();
        io.err.write(`saved ${event.file} (${formatBytes(event.bytes)}, sha256 ${event.sha256}, verified)\n`);
        break;
      case 'remote-removed':
        io.err.write(`removed the remote copy ${event.remotePath}\n`);
        break;
      case 'remote-kept':
        io.err.write(`kept the remote copy ${event.remotePath}: ${event.reason}\n`);
        break;
      case 'notice':
        io.err.write(`note: ${event.message}\n`);
        break;
      default:
        break;
    }
  };
}

export function runProfileCommand(args: ProfileArgs, io: CliIO): Promise<DumpStatus> {
  return onHost(args, 'dump-thread', io, async ({ connection, entry, audit, outDir, err }) => {
    const jvm = entry.jvm;
    const capture = await captureProfile(
      connection,
      { ...jvm, host: entry.name, pid: args.pid, outDir, durationSeconds: args.durationSeconds, keepRemote: jvm.keepRemoteDumps, audit, signal: args.signal },
      progress(io),
    );
    let analysis;
    try {
      analysis = await analyzeRecording(capture.file, { top: args.top });
    } catch (error) {
      if (!(error instanceof RecordingError)) throw error;
      err(`perfmon: the recording is saved as ${capture.file} but cannot be analysed here: ${error.message}`);
      return 'failure';
    }
    for (const file of await writeProfileExports(analysis, args)) err(`wrote ${file}`);
    const saved = { file: capture.file, bytes: capture.bytes, sha256: capture.sha256, remoteRemoved: capture.remoteRemoved, durationSeconds: capture.durationSeconds };
    io.out.write(args.json ? `${JSON.stringify({ ...saved, profile: profileJson(analysis) }, null, 2)}\n` : formatProfile(analysis));
    return 'ok';
  });
}
