import type { FrameLock, LockAction, ObjectRef, StackFrame } from './thread-dump-types.js';

/*
 * The indented lines of a thread's stack, shared by the thread list and by the "Java stack
 * information" part of the JVM's deadlock report:
 *
 *   	at MonitorDeadlock.transfer(MonitorDeadlock.java:46)
 *   	- waiting to lock <0x000000069ec1a1d0> (a MonitorDeadlock$Account)
 *   	- parking to wait for  <0x000000069ec17388> (a java.util.concurrent.locks.ReentrantLock$NonfairSync)
 *   	- waiting on <no object reference available>
 *   	- eliminated <owner is scalar replaced> (a java.lang.Object)
 */
const FRAME = /^\s+at (\S.*)$/;
const LOCK =
  /^\s+- (locked|waiting to lock|waiting on|parking to wait for|waiting to re-lock in wait\(\)|eliminated)\s+<([^>]*)>(?:\s+\(a (.+)\))?\s*$/;
const OWNABLE = /^\s+- (?:None|<(0x[0-9a-fA-F]+)> \(a (.+)\))\s*$/;

const ACTIONS: Record<string, LockAction> = {
  locked: 'locked',
  'waiting to lock': 'waiting-to-lock',
  'waiting on': 'waiting-on',
  'parking to wait for': 'parking',
  'waiting to re-lock in wait()': 'waiting-to-relock',
  eliminated: 'eliminated',
};

export function parseFrame(line: string): StackFrame | null {
  const match = FRAME.exec(line);
  if (!match) return null;
  const text = (match[1] ?? '').trimEnd();
  const open = text.lastIndexOf('(');
  if (open > 0 && text.endsWith(')')) {
    return { method: text.slice(0, open), location: text.slice(open + 1, -1), locks: [] };
  }
  return { method: text, location: '', locks: [] };
}

/**
 * A `- locked <…>`-style line. Returns null when the line is not one, and `'no-object'` for
 * the forms without an address (nothing to track, but valid).
 */
export function parseFrameLock(line: string): FrameLock | 'no-object' | null {
  const match = LOCK.exec(line);
  if (!match) return null;
  const address = match[2] ?? '';
  if (!/^0x[0-9a-fA-F]+$/.test(address)) return 'no-object';
  return { action: ACTIONS[match[1] ?? ''] ?? 'locked', address: address.toLowerCase(), className: match[3] ?? '' };
}

/** An entry under `Locked ownable synchronizers:`: the object, `'none'`, or null when not one. */
export function parseOwnable(line: string): ObjectRef | 'none' | null {
  const match = OWNABLE.exec(line);
  if (!match) return null;
  if (match[1] === undefined) return 'none';
  return { address: match[1].toLowerCase(), className: match[2] ?? '' };
}

/** `<0x000000069ec1a1d0> (a MonitorDeadlock$Account)`, the way the dump itself writes an object. */
export function describeObject(ref: ObjectRef): string {
  return ref.className ? `<${ref.address}> (a ${ref.className})` : `<${ref.address}>`;
}

/** `MonitorDeadlock.transfer(MonitorDeadlock.java:46)` */
export function describeFrame(frame: StackFrame): string {
  return frame.location ? `${frame.method}(${frame.location})` : frame.method;
}
