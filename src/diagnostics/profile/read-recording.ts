/**
 * Reads a JFR recording with the JDK's own `jfr` tool on this machine (`jfr print --json`,
 * only the event types a profile needs, stacks 64 frames deep), streaming its output through
 * the splitter into the analysis: a recording of any length is read in constant memory.
 * Which `jfr`: $PERFMON_JFR, else $JAVA_HOME/bin/jfr, else `jfr` on PATH, else the newest JDK
 * under /usr/lib/jvm (a newer `jfr` reads older recordings; JDK 17's reads JDK 25's too).
 */
import { spawn } from 'node:child_process';
import { access, constants, readdir, readFile, stat } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { ProfileAccumulator, type ProfileAnalysis, type ProfileOptions } from './analyze-profile.js';
import { PROFILE_EVENT_TYPES, profileEvent } from './jfr-events.js';
import { JfrJsonSplitter } from './jfr-json-stream.js';
import { InputParseError } from '../parse-error.js';

export class RecordingError extends Error {
  override name = 'RecordingError';
}

/** A JFR file starts with these four bytes. */
const JFR_MAGIC = 'FLR\0';

export async function isJfrRecording(file: string): Promise<boolean> {
  const head = await readFile(file).then(
    (b) => b.subarray(0, 4).toString('latin1'),
    () => '',
  );
  return head === JFR_MAGIC;
}

async function executable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/** The `jfr` to run, or null when this machine has none. */
export async function findJfrTool(env: NodeJS.ProcessEnv = process.env, jvmDir = '/usr/lib/jvm'): Promise<string | null> {
  const candidates: string[] = [];
  if (env['PERFMON_JFR']) candidates.push(env['PERFMON_JFR']);
  if (env['JAVA_HOME']) candidates.push(join(env['JAVA_HOME'], 'bin', 'jfr'));
  for (const dir of (env['PATH'] ?? '').split(delimiter).filter(Boolean)) candidates.push(join(dir, 'jfr'));
  const jdks = await readdir(jvmDir).catch(() => [] as string[]);
  const newest = jdks.sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
  for (const jdk of newest) candidates.push(join(jvmDir, jdk, 'bin', 'jfr'));
  for (const candidate of candidates) if (await executable(candidate)) return candidate;
  return null;
}

export interface ReadOptions extends ProfileOptions {
  /** The `jfr` tool; default findJfrTool(). */
  jfr?: string;
  signal?: AbortSignal;
}

/** The profile of one recording; a RecordingError names the file and what went wrong. */
export async function analyzeRecording(file: string, options: ReadOptions = {}): Promise<ProfileAnalysis> {
  const info = await stat(file).catch((error: Error) => {
    throw new RecordingError(`${file}: cannot read: ${error.message}`);
  });
  if (!info.isFile()) throw new RecordingError(`${file}: not a file`);
  if (!(await isJfrRecording(file))) throw new RecordingError(`${file}: not a JFR recording (it does not start with FLR)`);
  const jfr = options.jfr ?? (await findJfrTool());
  if (jfr === null) {
    throw new RecordingError(`${file}: no jfr tool here to read it: install a JDK (11 or later), or set JAVA_HOME or PERFMON_JFR to one's bin/jfr`);
  }
  const accumulator = new ProfileAccumulator(file, options);
  const splitter = new JfrJsonSplitter();
  const child = spawn(jfr, ['print', '--json', '--stack-depth', '64', '--events', PROFILE_EVENT_TYPES.join(','), file], {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.signal ? { signal: options.signal } : {}),
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => (stderr = (stderr + text).slice(-4000)));
  child.stdout.setEncoding('utf8');
  const state: { failure: Error | null } = { failure: null };
  child.stdout.on('data', (text: string) => {
    if (state.failure !== null) return;
    try {
      for (const raw of splitter.push(text)) {
        const event = profileEvent(raw);
        if (event !== null) accumulator.add(event);
      }
    } catch (error) {
      state.failure = error as Error;
      child.kill();
    }
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', (error) => reject(new RecordingError(`${file}: cannot run ${jfr}: ${error.message}`)));
    child.once('close', (exit) => resolve(exit));
  });
  const failure = state.failure;
  if (failure !== null) throw new RecordingError(failure instanceof InputParseError ? failure.at(`${file} (jfr print)`) : `${file}: ${failure.message}`);
  if (code !== 0) throw new RecordingError(`${file}: ${jfr} print failed (exit ${code}): ${stderr.trim().split('\n').slice(0, 3).join(' | ') || 'no message'}`);
  try {
    splitter.end();
  } catch (error) {
    throw new RecordingError(error instanceof InputParseError ? error.at(`${file} (jfr print)`) : String(error));
  }
  return accumulator.result();
}
