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

/** Stops the root (so it forks nothing new), then SIGKILLs it and all its descendants. */
export function killTree(root: number): void {
  signal(root, 'SIGSTOP');
  for (const pid of [...descendantsOf(root), root]) signal(pid, 'SIGKILL');
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
