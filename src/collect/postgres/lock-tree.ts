/**
 * Blocked sessions into blocking trees: each root is a holder that waits for nobody, below it
 * the sessions waiting on it, and so on. A session waiting on two holders appears under both;
 * a cycle (a deadlock the server has not broken yet) is cut where it would repeat.
 */
import type { BlockedSession, LockNode, LockReport, SessionInfo } from '../../model/database-reading.js';

export type LockRow = SessionInfo & Partial<Omit<BlockedSession, keyof SessionInfo>>;

export function buildLockReport(rows: readonly LockRow[]): LockReport {
  const byPid = new Map(rows.map((r) => [r.pid, r]));
  const waitersOf = new Map<number, number[]>();
  for (const r of rows) for (const b of r.blockedBy ?? []) waitersOf.set(b, [...(waitersOf.get(b) ?? []), r.pid]);

  const node = (pid: number, path: ReadonlySet<number>): LockNode => {
    const row = byPid.get(pid) ?? unknownSession(pid);
    const next = new Set(path).add(pid);
    const blocks = (waitersOf.get(pid) ?? []).filter((w) => !next.has(w)).sort((a, b) => a - b).map((w) => node(w, next));
    return { session: row, blocks };
  };
  const isRoot = (r: LockRow): boolean => (r.blockedBy ?? []).length === 0;
  let roots = rows.filter(isRoot).map((r) => r.pid);
  // Only cycles left (every involved session waits): start from the lowest pid of each.
  if (roots.length === 0 && rows.length > 0) roots = [Math.min(...rows.map((r) => r.pid))];
  const trees = roots.sort((a, b) => a - b).map((pid) => node(pid, new Set()));

  const blocked = rows
    .filter((r): r is LockRow & BlockedSession => !isRoot(r))
    .map((r) => ({ ...r, chain: chainOf(r.pid, byPid) }))
    .sort((a, b) => (b.waitSeconds ?? 0) - (a.waitSeconds ?? 0) || a.pid - b.pid);
  return { blocked, trees };
}

/** The waiter, the first session it waits on, the one that waits on, … up to a holder. */
function chainOf(pid: number, byPid: ReadonlyMap<number, LockRow>): number[] {
  const chain = [pid];
  for (let at = byPid.get(pid); at && (at.blockedBy ?? []).length > 0; ) {
    const next = Math.min(...at.blockedBy!);
    if (chain.includes(next)) break;
    chain.push(next);
    at = byPid.get(next);
  }
  return chain;
}

function unknownSession(pid: number): SessionInfo {
  return { pid, user: '', database: '', application: '', client: '', state: '', transactionSeconds: null, querySeconds: null, waitEventType: '', waitEvent: '', query: '' };
}
