/**
 * Where perfmon's files are by default. Kept apart from the inventory loader so that starting
 * without an inventory does not load the schema (start-up time).
 */
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

// XDG says relative values must be ignored.
function xdgDir(env: NodeJS.ProcessEnv, variable: string, fallback: string): string {
  const value = env[variable];
  return value !== undefined && isAbsolute(value) ? value : fallback;
}

export function defaultConfigPath(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  return join(xdgDir(env, 'XDG_CONFIG_HOME', join(home, '.config')), 'perfmon', 'perfmon.yaml');
}

export function defaultAuditPath(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  return join(xdgDir(env, 'XDG_STATE_HOME', join(home, '.local', 'state')), 'perfmon', 'audit.jsonl');
}
