/**
 * The collector's wire format written from readings: what the awk half of the collector
 * (src/collect/remote/collector-awk.ts) prints for a tick, made from a HostSnapshot. The fleet
 * simulator answers perfmon with it; test/lab/collector-wire.test.ts checks that the real
 * parser reads back what was written, so the two cannot drift apart.
 */
import type { HostSnapshot, ProcessSnapshot } from '../../src/model/host-snapshot.js';

export interface HelloFacts {
  clockTicks: number;
  pageSize: number;
  cores: number;
  hostname: string;
  kernel: string;
}

/** One framed record: `B seq`, the body, `E seq <body bytes>`. */
export function frame(seq: number, body: string): string {
  return `B ${seq}\n${body}E ${seq} ${Buffer.byteLength(body)}\n`;
}

export function helloRecord(facts: HelloFacts): string {
  return frame(0, `H 1 ${facts.clockTicks} ${facts.pageSize} ${facts.cores} ${facts.hostname} ${facts.kernel}\n`);
}

export interface TickFlags {
  /** A process list (p or P). */
  processes: boolean;
  /** TCP sockets by state (s). */
  tcpStates: boolean;
  /** The filesystem list (the answer to an earlier f). */
  filesystems: boolean;
}

/** Reads the flags of a tick line (`<seq> <flags> <n>`); null when it is not one. */
export function parseTick(line: string): { seq: number; flags: string; top: number } | null {
  const m = /^(\d+) (\S+) (\d+)$/.exec(line);
  if (!m) return null;
  return { seq: Number(m[1]), flags: m[2] === '-' ? '' : (m[2] ?? ''), top: Number(m[3]) };
}

/** The body of one sample record, as the collector prints it (figures rounded the same way). */
export function sampleBody(s: HostSnapshot, interval: number, flags: TickFlags): string {
  const lines: string[] = [];
  lines.push(`u ${Math.floor(s.uptime ?? 0)} ${n2(interval)}`);
  lines.push(`l ${s.load.map((x) => n2(x)).join(' ')}`);
  lines.push(trim(`c ${n1(s.cpu.user)} ${n1(s.cpu.system)} ${n1(s.cpu.iowait)} ${n1(s.cpu.steal)}`));
  lines.push(`C ${s.cpu.perCore.map((c) => [c.user, c.system, c.iowait, c.steal].map((x) => i0(x)).join(',').replace(/(,0)+$/, '')).join(' ')}`);
  const m = s.memory;
  lines.push(trim(`m ${[m.total, m.available, m.free, m.cached, m.buffers, m.swapTotal, m.swapTotal - m.swapUsed].map((b) => i0(b / 1024)).join(' ')}`));
  for (const d of s.disks) {
    const line = `d ${d.device} ${n1(d.readIops)} ${n1(d.writeIops)} ${i0(d.readBytesPerSec)} ${i0(d.writeBytesPerSec)} ${n1(d.utilisation ?? 0)} ${n2(d.queueLength ?? 0)}`;
    lines.push(d.awaitMs === null ? trim(line) : `${line} ${n2(d.awaitMs)}`);
  }
  for (const n of s.network) {
    lines.push(trim(`n ${n.iface} ${[n.rxBytesPerSec, n.txBytesPerSec, n.rxPacketsPerSec, n.txPacketsPerSec, n.rxErrors, n.txErrors, n.rxDrops, n.txDrops].map((x) => i0(x)).join(' ')}`));
  }
  lines.push(`r ${s.tcp.retransmitsPerSec === null ? '-' : n1(s.tcp.retransmitsPerSec)}`);
  if (flags.tcpStates) {
    const t = s.tcp;
    lines.push(trim(`t ${[t.established, t.synSent, t.synRecv, t.finWait1, t.finWait2, t.timeWait, t.close, t.closeWait, t.lastAck, t.listen, t.closing].join(' ')}`));
  }
  if (flags.processes) {
    lines.push('P');
    for (const p of s.processes) lines.push(processLine(p));
    for (const j of s.jvms) lines.push(`j ${j.pid}\t${j.user}\t${j.mainClass}`);
  }
  if (flags.filesystems) {
    lines.push('F');
    for (const f of s.filesystems) lines.push(`f ${i0(f.size / 1024)} ${i0(f.used / 1024)} ${i0(f.available / 1024)} ${f.type}\t${f.device}\t${f.mount}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Always the long form (pid, figures, user, command, arguments): valid whatever was sent before. */
function processLine(p: ProcessSnapshot): string {
  return `p ${p.pid} ${n1(p.cpu)} ${i0(p.rss / 1024)} ${p.state} ${p.threads ?? 1}\t${p.user}\t${p.command}\t${p.args}`;
}

// The awk's number formats: one decimal, two decimals, whole numbers; trailing zero fields elided.
function n1(x: number): string {
  return x < 0.05 ? '0' : x.toFixed(1).replace(/\.0$/, '');
}
function n2(x: number): string {
  return x < 0.005 ? '0' : x.toFixed(2).replace(/0+$/, '').replace(/\.$/, '');
}
function i0(x: number): string {
  return x < 0.5 ? '0' : x.toFixed(0);
}
function trim(line: string): string {
  return line.replace(/( 0)+$/, '');
}
