import { readdirSync, readFileSync } from 'node:fs';

/**
 * The lab kills hosts the way a crash would: the listening sshd and every process below
 * it. sshd puts each connection in its own session (setsid), so process groups do not
 * reach them; the parent links in /proc do.
 */
export function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // Field 4 is the parent pid; the command name (field 2) may contain spaces and parentheses.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(name));
    children.set(ppid, list);
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}

/**
 * Stops the root (so it forks nothing new), then SIGKILLs it and all its descendants.
 * Returns the pids killed: SIGKILL is delivered asynchronously, see waitUntilGone.
 */
export function killTree(root: number): number[] {
  signal(root, 'SIGSTOP');
  const pids = [...descendantsOf(root), root];
  for (const pid of pids) signal(pid, 'SIGKILL');
  return pids;
}

/**
 * Resolves once none of the pids is alive (gone, or a zombie awaiting its reaper). They
 * are not our children, so there is no exit event to await: /proc is polled briefly.
 */
export async function waitUntilGone(pids: number[], timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const alive = pids.filter(isAlive);
    if (alive.length === 0) return;
    if (Date.now() > deadline) throw new Error(`lab: processes ${alive.join(', ')} survived SIGKILL`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Sends a signal to the root and all its descendants (SIGSTOP/SIGCONT to freeze a host). */
export function signalTree(root: number, sig: NodeJS.Signals): void {
  for (const pid of [root, ...descendantsOf(root)]) signal(pid, sig);
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}
