/**
 * The agentless collector: a POSIX sh + awk program that perfmon sends to a Linux host and
 * drives with one tick line per sample. Nothing is installed and nothing sleeps remotely.
 *
 * How it is started: the exec request carries only COLLECTOR_COMMAND (`exec sh -s`) and the
 * script itself is the first thing written to the channel's stdin; CollectorSession does this.
 * Sending it on stdin rather than as `sh -c '<script>'` means the operator's login shell (which
 * parses the exec command: it may be bash, but also fish or tcsh, whose quoting differs) only
 * ever sees a fixed, trivial command; the script length is bounded by nothing (no ARG_MAX /
 * MAX_ARG_STRLEN); and the remote `ps` shows `sh -s` instead of a 7 KB command line in every
 * operator's process list. The shell parses the whole script before it runs the main loop, and
 * perfmon writes the first tick only after the hello record, so ticks are never read as script.
 * The `exit` on the main pipeline's line matters: should awk die, the shell would otherwise go
 * back to reading its stdin for more script and never end. And awk failing ends the whole
 * collector at once (`|| kill 0`, its process group: sshd and the local mode give it its own):
 * otherwise the loop would sit in `read` until the next tick, while perfmon waits for the answer
 * to the last one. mawk makes any read error fatal, and reading /proc/<pid>/stat of a process
 * reaped between open and read fails with ESRCH, so on a host where processes come and go this
 * does happen; perfmon then sees the collector end with awk's message and reconnects.
 *
 * Per tick (a line `<seq> <flags> [<n>]` on stdin; flags: p = processes, P = processes without
 * the short form, s = TCP sockets by state, f = start a df, - = none) the shell only runs builtins (read, printf, echo,
 * case, and the /proc/[0-9]* glob when processes are asked for) feeding one long-lived awk
 * (collector-awk.ts) that reads /proc itself: no process is forked per sample. `df -kP`, the
 * only fork, runs in the background when a tick asks for it, its lines tagged and fed to the
 * same awk, so a df hung on a dead NFS mount delays nothing: the records say it is pending
 * (`D <age>`) and perfmon does not start another one until it ends.
 *
 * The awk program reaches awk as `-f /proc/self/fd/3`, a pipe fed by printf, rather than as an
 * argument (it would show, 8 KB long, in the host's `ps` and in perfmon's own process lists) or
 * a heredoc (bash before 5.1, /bin/sh on RHEL 8, writes heredocs to a temp file, and a full /tmp
 * is exactly the kind of incident the collector must survive).
 *
 * mawk (Debian's and Ubuntu's default awk) reads its input in 4 KB blocks and waits until a
 * block is full. `-W interactive` would make it read lines, but then it also reads files line
 * by line as C strings, cutting /proc/<pid>/cmdline at the first NUL (so no arguments, no JVM
 * main class). Instead the shell writes 8 KB of filler lines after each tick: the block that
 * holds the tick's last line always fills, with any awk, and the filler never leaves the host.
 */
import { COLLECTOR_AWK } from './collector-awk.js';

/** The command of the exec channel; the script follows on its stdin. */
export const COLLECTOR_COMMAND = 'exec sh -s';

const SHELL = String.raw`LC_ALL=C
export LC_ALL
R=@ROOT@
# 8 KB of filler lines written after each tick (see above)
z=.
for i in 1 2 3 4 5 6 7; do z=$z$z; done
z="$z
"
for i in 1 2 3 4 5 6; do z=$z$z; done
t=$(getconf CLK_TCK 2>/dev/null </dev/null)
case $t in ''|*[!0-9]*) t=100;; esac
# df in the background, its lines tagged for awk, Q when it is done
d() { { df -kP 2>/dev/null </dev/null | while IFS= read -r l; do printf 'D %s\n' "$l"; done; echo Q; } & }
p='@AWK@'
# awk reads its program from a pipe on fd 3 (ticks come on fd 4, the channel)
exec 4<&0
printf '%s\n' "$p" | { {
  printf 'P %s\n' "$R"/proc/[0-9]*
  d
  echo H
  printf %s "$z"
  while read -r s f n; do
    printf 'T %s %s %s\n' "$s" "$f" "$n"
    case $f in *[pP]*) printf 'P %s\n' "$R"/proc/[0-9]*;; esac
    case $f in *f*) d;; esac
    echo E
    printf %s "$z"
  done <&4
} | { awk -v R="$R" -v T="$t" -f /proc/self/fd/3 || kill 0; }; } 3<&0; exit
`;

export interface CollectorScriptOptions {
  /**
   * A directory that stands in for `/` (its proc/, sys/, etc/): lets tests and benchmarks run
   * the real script against a synthetic /proc. Empty (the real root) in production.
   */
  root?: string;
}

/** Drops full-line comments, indentation and blank lines: the script travels to every host. */
export function compactScript(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .join('\n')
    .concat('\n');
}

export function collectorScript(options: CollectorScriptOptions = {}): string {
  const root = options.root ?? '';
  // Only tests pass a root; refusing anything but a plain path spares a quoting layer.
  if (!/^[\w./-]*$/.test(root)) throw new Error(`collector root must be a plain path: ${root}`);
  if (COLLECTOR_AWK.includes("'")) throw new Error('the collector awk program must not contain an apostrophe');
  return compactScript(SHELL.replace('@ROOT@', root).replace('@AWK@', () => COLLECTOR_AWK));
}

/** The production script (real root), as sent to every host. */
export const COLLECTOR_SCRIPT = collectorScript();
