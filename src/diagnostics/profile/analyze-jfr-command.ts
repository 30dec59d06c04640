/**
 * `perfmon analyze FILE.jfr`: the profile of one recording, as a report or --json, with the
 * flame graph exports asked for. Returns the exit code (0 analysed, 1 unreadable, 2 usage).
 */
import { profileJson } from './analyze-profile.js';
import { formatProfile } from './format-profile.js';
import { writeProfileExports, type ExportRequest } from './profile-exports.js';
import { analyzeRecording, RecordingError } from './read-recording.js';

export interface AnalyzeJfrOptions extends ExportRequest {
  json: boolean;
  top: number;
}

type Out = { stdout: Pick<NodeJS.WritableStream, 'write'>; stderr: Pick<NodeJS.WritableStream, 'write'> };

/** A `.jfr` name among the files: the command reads them as recordings. */
export function looksLikeRecording(files: readonly string[]): boolean {
  return files.some((f) => f.endsWith('.jfr'));
}

export async function analyzeJfrCommand(files: readonly string[], options: AnalyzeJfrOptions, io: Out): Promise<number> {
  if (files.length !== 1) {
    io.stderr.write(`perfmon: a JFR recording is analysed on its own (got ${files.length} files)\n`);
    return 2;
  }
  const file = files[0]!;
  try {
    const analysis = await analyzeRecording(file, { top: options.top });
    for (const written of await writeProfileExports(analysis, options)) io.stderr.write(`wrote ${written}\n`);
    io.stdout.write(options.json ? `${JSON.stringify(profileJson(analysis), null, 2)}\n` : formatProfile(analysis));
    return 0;
  } catch (error) {
    if (!(error instanceof RecordingError)) throw error;
    io.stderr.write(`perfmon: ${error.message}\n`);
    return 1;
  }
}
