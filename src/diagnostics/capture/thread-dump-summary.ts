/**
 * The few lines `perfmon dump thread` prints after a capture, from the analysis of the files
 * it saved (analyze-thread-dump.ts): deadlocks first, then what else needs a look — threads
 * waiting for locks, saturated pools, and for a series the hottest and stuck threads. The full
 * report is one `perfmon analyze` away; the last line says so. Pure.
 */
import type { ThreadDumpAnalysis } from '../analyze-thread-dump.js';

const SHOWN = 3;

function quoted(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(', ');
}

function more(count: number): string {
  return count > SHOWN ? `, … (${count} in all)` : '';
}

export function threadDumpSummary(analysis: ThreadDumpAnalysis, files: readonly string[]): string {
  const out: string[] = [];
  if (analysis.deadlocks.length === 0 && analysis.jvmDeadlocks.length === 0) {
    out.push('Deadlocks: none');
  } else {
    const agree = analysis.deadlocks.every((d) => d.reportedByJvm) && analysis.jvmDeadlocks.length === analysis.deadlocks.length;
    out.push(`DEADLOCKS: ${analysis.deadlocks.length}${agree ? " (the JVM's own report agrees)" : ` (the JVM reports ${analysis.jvmDeadlocks.length})`}`);
    analysis.deadlocks.forEach((deadlock, i) => {
      out.push(`  ${i + 1}. ${deadlock.threads.map((t) => `"${t}"`).join(' → ')} → "${deadlock.threads[0]}"`);
      for (const lock of deadlock.locks) {
        out.push(`     "${lock.waiter}" waits for <${lock.address}> (${lock.className || lock.kind}) held by "${lock.holder ?? '?'}"`);
      }
    });
  }
  const states = Object.entries(analysis.states)
    .filter(([, n]) => n > 0)
    .map(([state, n]) => `${n} ${state === 'NONE' ? 'VM' : state}`)
    .join(', ');
  out.push(`Threads: ${analysis.threads} (${states})`);
  const waiting = analysis.blocked.filter((b) => !b.deadlocked);
  if (waiting.length > 0) {
    const top = analysis.contended[0];
    const busiest = top ? `; most contended: <${top.address}> (${top.className || top.kind}) held by "${top.holder ?? '?'}", ${top.waiters.length} waiting` : '';
    out.push(`Waiting for locks: ${quoted(waiting.slice(0, SHOWN).map((b) => b.thread))}${more(waiting.length)}${busiest}`);
  }
  const saturated = analysis.pools.filter((p) => p.saturated);
  if (saturated.length > 0) out.push(`Saturated pools: ${saturated.map((p) => `${p.name} (${p.busy}/${p.threads} busy)`).join(', ')}`);
  if (analysis.dumps.length > 1) {
    // Threads that used at least 1% of a core between the dumps (100 ms when the share is unknown).
    const hot = analysis.hot.filter((h) => h.basis === 'delta' && (h.cpuPercent === null ? h.cpuMs >= 100 : h.cpuPercent >= 1)).slice(0, SHOWN);
    if (hot.length > 0) out.push(`Hottest between dumps: ${hot.map((h) => `"${h.thread}" ${h.cpuPercent === null ? `${Math.round(h.cpuMs)} ms` : `${h.cpuPercent.toFixed(0)}%`}`).join(', ')}`);
    if (analysis.stuck.length > 0) {
      out.push(`Same stack in all ${analysis.dumps.length} dumps: ${quoted(analysis.stuck.slice(0, SHOWN).map((s) => s.thread))}${more(analysis.stuck.length)}`);
    }
  }
  for (const warning of analysis.warnings) out.push(`Note: ${warning}`);
  out.push(`Full report: perfmon analyze ${files.join(' ')}`);
  return `${out.join('\n')}\n`;
}
