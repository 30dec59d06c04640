/**
 * Where perfmon keeps what must survive it: run journals and pending degradation reverts.
 * `$PERFMON_STATE_DIR` when set (tests, or an operator who wants it elsewhere), else
 * `$XDG_STATE_HOME/perfmon`, else `~/.local/state/perfmon`. Relative values are ignored, as
 * XDG says.
 */
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

export function stateDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const explicit = env['PERFMON_STATE_DIR'];
  if (explicit !== undefined && isAbsolute(explicit)) return explicit;
  const xdg = env['XDG_STATE_HOME'];
  return join(xdg !== undefined && isAbsolute(xdg) ? xdg : join(home, '.local', 'state'), 'perfmon');
}
