/**
 * The heap a JVM uses now, for the free-space check before a heap dump: one jstat reading of
 * the same counters the monitor streams (no attach, no safepoint: jstat reads shared memory).
 */
import { classifyToolFailure } from '../../collect/jvm/jdk-tool-errors.js';
import { JSTAT_COUNTERS, jvmFigures } from '../../collect/jvm/jvm-counters.js';
import { jstatCounterArgs } from '../../collect/jvm/jvm-monitor-script.js';
import type { HeapFigures } from '../../model/jvm-reading.js';
import { JstatStream } from '../../collect/jvm/jstat-stream.js';
import type { SshConnection } from '../../ssh/connection.js';
import { CaptureError } from './capture-error.js';
import { toolCommand, type JvmTarget } from './jvm-target.js';

export async function measureHeap(connection: SshConnection, target: JvmTarget, timeoutMs = 60_000): Promise<HeapFigures> {
  const command = toolCommand(target, 'jstat', [...jstatCounterArgs(JSTAT_COUNTERS), String(target.pid), '1000', '1']);
  const result = await connection.execText(command, { timeoutMs });
  const stream = new JstatStream();
  for (const line of result.stdout.split('\n')) {
    const read = stream.push(line);
    if (read.kind !== 'sample') continue;
    const { heap } = jvmFigures(read.counters);
    if (heap !== null) return heap;
  }
  const failure = classifyToolFailure(`${result.stdout}\n${result.stderr}`, {
    host: target.host,
    pid: target.pid,
    tool: 'jstat',
    loginUser: target.login.user,
    runAs: target.runAs,
    owner: target.owner.user,
    exitCode: result.code,
  });
  throw new CaptureError(failure.kind, target.host, `${failure.message}; without the heap size the free space for a heap dump cannot be checked`);
}
