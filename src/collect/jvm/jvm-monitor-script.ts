/**
 * The JVM monitor's remote side: a POSIX sh script sent on the stdin of ONE long-lived exec
 * channel per host (`exec sh -s`, like the /proc collector, so the login shell only ever sees
 * that fixed command). perfmon writes one command per line; every output line is tagged.
 *
 *   in:  d                discover: every java/jsvc process from /proc (all users)
 *        j PID USER|-     start `jstat … PID INTERVAL` (as USER through sudo -n -u, or as ourselves)
 *        c PID USER|-     run `jcmd PID Compiler.codecache` once
 *        k KPID           stop a jstat/jcmd this script started (KPID from its `!k` line)
 *        q                end
 *   out: I UID USER CLK_TCK                          hello: who we are, the clock tick rate
 *        J PID UID USER STARTTIME<TAB>ARGV           a JVM; ARGV \037-separated, empty if sent before
 *        D HOST_UPTIME                               end of a discovery
 *        j PID LINE  /  c PID LINE                   jstat / jcmd output, first `!k KPID`, last `!x`
 *
 * Cost: each jstat is one small JVM per monitored JVM that reads the target's hsperfdata
 * (shared memory) once per interval and prints one row; the shell relays rows with builtins
 * (read, printf), so nothing is forked per sample. Discovery reads /proc with builtins and
 * forks only for the command line of a JVM it has not sent before. Code cache readings fork a
 * jcmd (a JVM start, ~0.3 s of CPU), hence their long period.
 *
 * Clean-up: on `q` or the end of its input the script kills its process group (sshd gives each
 * session its own), taking every jstat and jcmd it started with it. Should the channel close
 * first (the connection died), SIGPIPE is ignored, so each relay loop's next printf fails and
 * it kills its jstat, which would otherwise ignore the broken pipe and run until its target
 * JVM exits. Through sudo the kill reaches sudo, which relays it to jstat.
 */
import { shellQuote } from '../../ssh/shell-quote.js';
import { compactScript } from '../remote/collector-script.js';

export const MONITOR_COMMAND = 'exec sh -s';

/** Flags for jstat's own JVM: small heap, serial GC, C1 only, no hsperfdata file of its own. */
export const JSTAT_JVM_FLAGS = ['-J-XX:+UseSerialGC', '-J-Xms8m', '-J-Xmx24m', '-J-Xss512k', '-J-XX:TieredStopAtLevel=1', '-J-XX:-UsePerfData'];

/** jstat's arguments before the pid: print the raw counters matching `counters`, constants first. */
export function jstatCounterArgs(counters: string): string[] {
  return [...JSTAT_JVM_FLAGS, '-J-Djstat.showUnsupported=true', '-constants', '-strings', '-name', counters];
}

const SCRIPT = String.raw`LC_ALL=C
export LC_ALL
trap '' PIPE
S=@JSTAT@
C=@JCMD@
N=@NAMES@
I=@INTERVAL@
F='@FLAGS@'
t=$(getconf CLK_TCK 2>/dev/null </dev/null)
case $t in ''|*[!0-9]*) t=100;; esac
# u UID: n = the user name of UID (the number when /etc/passwd does not list it)
u() {
  n=$1
  while IFS=: read -r a b c r; do [ "$c" = "$1" ] && { n=$a; break; }; done </etc/passwd
}
# d: a J line per JVM, its command line only the first time it is seen (k remembers pid:start).
# comm is java or jsvc, so /proc/PID/stat splits into plain words: the 22nd is the start time.
d() {
  o=$k
  k=
  cd /proc || return
  for q in [0-9]*; do
    read -r c 2>/dev/null <"$q/comm" || continue
    case $c in java|jsvc) ;; *) continue;; esac
    read -r s 2>/dev/null <"$q/stat" || continue
    set -- $s
    [ $# -ge 22 ] || continue
    shift 21
    st=$1
    e=
    while read -r a b e r; do [ "$a" = Uid: ] && break; e=; done 2>/dev/null <"$q/status"
    [ -n "$e" ] || continue
    u "$e"
    a=
    case " $o " in *" $q:$st "*) ;; *) a=$(dd bs=2048 count=1 2>/dev/null <"$q/cmdline" | tr '\0' '\037');; esac
    printf 'J %s %s %s %s\t%s\n' "$q" "$e" "$n" "$st" "$a"
    k="$k $q:$st"
  done
  cd /
  read -r a b </proc/uptime
  echo "D $a"
}
# x USER CMD...: becomes CMD, as USER through sudo -n, or as ourselves for -
x() {
  v=$1
  shift
  [ "$v" = - ] && exec "$@"
  exec sudo -n -u "$v" -- "$@"
}
# g TAG PID: relays its input tagged; when the channel is gone, kills the command it relays
g() {
  j=
  while IFS= read -r l; do
    case $l in '!k '*) set -- "$1" "$2" $l; j=$4;; '!x') j=;; esac
    printf '%s %s %s\n' "$1" "$2" "$l" 2>/dev/null || break
  done
  [ -n "$j" ] && kill "$j" 2>/dev/null
}
# w TAG PID USER CMD...: CMD in the background, its output relayed by g
w() {
  a=$1
  b=$2
  v=$3
  shift 3
  { x "$v" "$@" 2>&1 </dev/null & echo "!k $!"; wait; echo '!x'; } | g "$a" "$b" &
}
# m: the main loop. Everything runs from this one function, called on the script's last line:
# a shell reading its script from stdin (bash does, a line at a time) has then parsed all of it,
# so the commands that follow on stdin reach read, never the parser. perfmon sends its first
# command only after the hello.
m() {
  printf 'I %s %s %s\n' "$(id -u)" "$(id -un)" "$t"
  while read -r c p v; do
    case $p in ''|*[!0-9]*) p=;; esac
    case $v in -|[A-Za-z_]*) ;; *) v=;; esac
    case $v in *[!A-Za-z0-9._-]*) v=;; esac
    case $c in
      d) d;;
      j) [ -n "$p" ] && [ -n "$v" ] && w j "$p" "$v" "$S" $F -J-Djstat.showUnsupported=true -constants -strings -name "$N" "$p" "$I";;
      c) [ -n "$p" ] && [ -n "$v" ] && w c "$p" "$v" "$C" "$p" Compiler.codecache;;
      k) [ -n "$p" ] && kill "$p" 2>/dev/null;;
      q) break;;
    esac
  done
  # sshd made this session its own process group (setsid): end every jstat/jcmd we started
  kill 0
}
m
`;

export interface MonitorScriptOptions {
  /** Paths (or names on PATH) of jstat and jcmd. */
  jstat: string;
  jcmd: string;
  /** The Java regex of the counters jstat prints. */
  counters: string;
  intervalMs: number;
}

export function monitorScript(options: MonitorScriptOptions): string {
  if (!Number.isInteger(options.intervalMs) || options.intervalMs < 1) throw new Error(`monitor interval must be a whole number of ms (got ${options.intervalMs})`);
  const values: Record<string, string> = {
    '@JSTAT@': shellQuote(options.jstat),
    '@JCMD@': shellQuote(options.jcmd),
    '@NAMES@': shellQuote(options.counters),
    '@INTERVAL@': String(options.intervalMs),
    '@FLAGS@': JSTAT_JVM_FLAGS.join(' '),
  };
  return compactScript(SCRIPT.replace(/@[A-Z]+@/g, (key) => values[key] ?? key));
}

export type MonitorLine =
  | { kind: 'hello'; uid: number; user: string; clockTicks: number }
  /** argv is null when the script sent it before (the same pid and start time). */
  | { kind: 'jvm'; pid: number; uid: number; user: string; startTicks: number; argv: string[] | null }
  | { kind: 'discovered'; hostUptimeSeconds: number }
  | { kind: 'output'; tag: 'j' | 'c'; pid: number; text: string }
  /** Anything else (a login script's echo): shown, never trusted. */
  | { kind: 'noise'; text: string };

const HELLO = /^I (\d+) (\S+) (\d+)$/;
const JVM = /^J (\d+) (\d+) (\S+) (\d+)\t(.*)$/;
const DISCOVERED = /^D (\d+(?:\.\d+)?)$/;
const OUTPUT = /^([jc]) (\d+) (.*)$/;

/** One line of the script's output. Pure. */
export function parseMonitorLine(line: string): MonitorLine {
  let m = OUTPUT.exec(line);
  if (m) return { kind: 'output', tag: m[1] as 'j' | 'c', pid: Number(m[2]), text: m[3]! };
  m = JVM.exec(line);
  if (m) {
    const argv = m[5] === '' ? null : m[5]!.replace(/\x1f$/, '').split('\x1f');
    return { kind: 'jvm', pid: Number(m[1]), uid: Number(m[2]), user: m[3]!, startTicks: Number(m[4]), argv };
  }
  m = DISCOVERED.exec(line);
  if (m) return { kind: 'discovered', hostUptimeSeconds: Number(m[1]) };
  m = HELLO.exec(line);
  if (m) return { kind: 'hello', uid: Number(m[1]), user: m[2]!, clockTicks: Number(m[3]) };
  return { kind: 'noise', text: line };
}
