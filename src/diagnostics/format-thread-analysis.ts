import type { ContendedLock, ThreadDumpAnalysis } from './analyze-thread-dump.js';
import type { Deadlock } from './deadlocks.js';
import type { LockRef } from './lock-graph.js';
import { describeObject } from './parse-stack-lines.js';

/*
 * The readable report of `perfmon analyze`: what needs action first. Deadlocks, then lock
 * waits and chains, pools, then (for a series) hot and stuck threads, then stacks shared by
 * several threads. Plain text, no colour: it is read in terminals, tickets and chat alike.
 */

const FRAMES_PER_GROUP = 5;

export function formatThreadAnalysis(analysis: ThreadDumpAnalysis, top = 10): string {
  const out: string[] = [];
  out.push(...header(analysis), '');
  out.push(...deadlocks(analysis), '');
  out.push(...lockWaits(analysis, top), '');
  out.push(...pools(analysis, top), '');
  if (analysis.dumps.length > 1 || analysis.hot.length > 0) out.push(...hot(analysis), '');
  if (analysis.dumps.length > 1) out.push(...stuck(analysis, top), '');
  out.push(...groups(analysis, top));
  if (analysis.warnings.length > 0) out.push('', 'WARNINGS', ...analysis.warnings.map((w) => `  ${w}`));
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

function header(analysis: ThreadDumpAnalysis): string[] {
  const lines = analysis.dumps.map((d, i) => {
    const about = [d.capturedAt, d.pid === null ? null : `pid ${d.pid}`, d.vm].filter(Boolean).join(', ');
    const number = analysis.dumps.length > 1 ? `${i + 1}. ` : '';
    return `  ${number}${d.source}:${d.line}  ${about}  (${plural(d.threads, 'thread')}, ${plural(d.deadlocks, 'deadlock')}, ${d.blocked} waiting for locks)`;
  });
  const states = Object.entries(analysis.states)
    .filter(([, n]) => n > 0)
    .map(([state, n]) => `${n} ${state === 'NONE' ? 'without Java state' : state}`)
    .join(', ');
  const title = analysis.dumps.length > 1 ? `${analysis.dumps.length} dumps, in capture order` : '1 dump';
  const newest = analysis.dumps.length > 1 ? ' (the newest dump; hot and stuck span the series)' : '';
  return [`THREAD DUMP ANALYSIS: ${title}`, ...lines, '', `${analysis.threads} threads${newest}: ${states}`];
}

function deadlocks(analysis: ThreadDumpAnalysis): string[] {
  if (analysis.deadlocks.length === 0 && analysis.jvmDeadlocks.length === 0) return ['DEADLOCKS: none'];
  const confirmed = analysis.deadlocks.filter((d) => d.reportedByJvm).length;
  const agreement =
    confirmed === analysis.deadlocks.length && analysis.jvmDeadlocks.length === confirmed
      ? "the JVM's own report agrees"
      : `the JVM reports ${analysis.jvmDeadlocks.length}, ${confirmed} of them the same`;
  const out = [`DEADLOCKS: ${analysis.deadlocks.length} (${agreement})`];
  analysis.deadlocks.forEach((d, i) => out.push(...describeDeadlock(d, `  ${i + 1}.`)));
  return out;
}

function describeDeadlock(deadlock: Deadlock, prefix: string): string[] {
  return [
    `${prefix} ${deadlock.threads.map((t) => `"${t}"`).join(' → ')} → "${deadlock.threads[0]}"`,
    ...deadlock.locks.map((l) => `       "${l.waiter}" waits for ${lockText(l)} held by "${l.holder ?? '?'}"`),
  ];
}

function lockText(lock: LockRef): string {
  return `${lock.kind === 'monitor' ? 'monitor' : 'lock'} ${describeObject(lock)}`;
}

function lockWaits(analysis: ThreadDumpAnalysis, top: number): string[] {
  if (analysis.blocked.length === 0) return ['LOCK WAITS: none'];
  const out = [`LOCK WAITS: ${plural(analysis.blocked.length, 'thread')} waiting for ${plural(analysis.contended.length, 'lock')}`];
  for (const lock of analysis.contended.slice(0, top)) out.push(...contendedLine(lock, analysis, top));
  const chains = analysis.blocked
    .filter((b) => b.chain.length > 2 && !b.deadlocked)
    .map((b) => b.chain)
    .filter((chain, _, all) => !all.some((other) => other.length > chain.length && other.join('\0').endsWith(chain.join('\0'))));
  if (chains.length > 0) {
    out.push('  chains (each waits for a lock the next one holds):');
    for (const chain of chains.slice(0, top)) out.push(`    ${chain.map((t) => `"${t}"`).join(' → ')}`);
  }
  return out;
}

function contendedLine(lock: ContendedLock, analysis: ThreadDumpAnalysis, top: number): string[] {
  const holder = analysis.blocked.find((b) => b.lock.address === lock.address);
  const where = holder?.holderFrame ? ` at ${holder.holderFrame}` : '';
  const held = lock.holder === null ? 'holder not in the dump' : `held by "${lock.holder}" (${holder?.holderState ?? 'no state'}${where})`;
  const names = lock.waiters.slice(0, top).map((t) => `"${t}"`);
  if (lock.waiters.length > top) names.push(`… ${lock.waiters.length - top} more`);
  return [`  ${lockText(lock)}: ${held}`, `    ${lock.waiters.length} waiting: ${names.join(', ')}`];
}

function pools(analysis: ThreadDumpAnalysis, top: number): string[] {
  if (analysis.pools.length === 0) return ['THREAD POOLS: none recognised'];
  const width = Math.max(...analysis.pools.map((p) => p.name.length));
  return [
    'THREAD POOLS (busy = not parked in the queue waiting for a task)',
    ...analysis.pools.slice(0, top).map((p) => {
      const flag = p.saturated ? '  SATURATED' : p.executor ? '' : '  (by name only)';
      return `  ${p.name.padEnd(width)}  ${plural(p.threads, 'thread')}: ${p.busy} busy, ${p.idle} idle${flag}`;
    }),
  ];
}

function hot(analysis: ThreadDumpAnalysis): string[] {
  const basis = analysis.hot[0]?.basis === 'delta' ? 'cpu= used between the first and the last dump' : 'cpu= since each thread started';
  if (analysis.hot.length === 0) return ['HOT THREADS: none (no cpu= in the dumps, or no CPU used)'];
  const width = Math.max(...analysis.hot.map((h) => h.thread.length + 2));
  const cpuWidth = Math.max(...analysis.hot.map((h) => h.cpuMs.toFixed(2).length));
  return [
    `HOT THREADS (${basis})`,
    ...analysis.hot.map((h) => {
      const percent = h.cpuPercent === null ? '' : `  ${h.cpuPercent.toFixed(1).padStart(5)}% of a core`;
      return `  ${`"${h.thread}"`.padEnd(width)}  ${h.cpuMs.toFixed(2).padStart(cpuWidth)} ms${percent}`;
    }),
  ];
}

function stuck(analysis: ThreadDumpAnalysis, top: number): string[] {
  if (analysis.stuck.length === 0) return [`STUCK: none (no thread kept the same busy stack in all ${analysis.dumps.length} dumps)`];
  return [
    `STUCK (same stack, not idle, in all ${analysis.dumps.length} dumps)`,
    ...analysis.stuck.slice(0, top).map((s) => `  "${s.thread}" ${s.state ?? ''} at ${s.frames[0] ?? '?'}`),
  ];
}

function groups(analysis: ThreadDumpAnalysis, top: number): string[] {
  const shared = analysis.groups.filter((g) => g.count > 1).slice(0, top);
  if (shared.length === 0) return ['STACK GROUPS: no two threads share a stack'];
  const out = ['STACK GROUPS (threads with identical stacks)'];
  for (const group of shared) {
    const names = group.threads.slice(0, top).join(', ') + (group.count > top ? `, … ${group.count - top} more` : '');
    out.push(`  ${group.count} × ${group.state ?? 'no state'}: ${names}`);
    out.push(...group.frames.slice(0, FRAMES_PER_GROUP).map((f) => `      at ${f}`));
    if (group.frames.length > FRAMES_PER_GROUP) out.push(`      … ${group.frames.length - FRAMES_PER_GROUP} more frames`);
  }
  return out;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
