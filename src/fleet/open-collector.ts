import type { SshConnection } from '../ssh/connection.js';
import { CollectorSession, type CollectorSessionOptions } from '../collect/remote/collector-session.js';
import { COLLECTOR_COMMAND } from '../collect/remote/collector-script.js';

/**
 * Starts the agentless collector on a connected host: one long-lived exec channel that reads
 * the script on stdin and then answers one record per tick. Resolves once it said hello.
 */
export async function openCollector(connection: SshConnection, options: CollectorSessionOptions & { helloTimeoutMs: number }): Promise<CollectorSession> {
  const channel = await connection.exec(COLLECTOR_COMMAND);
  const session = new CollectorSession({ stdin: channel, stdout: channel, stderr: channel.stderr, exit: channel }, options);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      session.start(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`collector did not start within ${options.helloTimeoutMs / 1000}s`)), options.helloTimeoutMs);
      }),
    ]);
    return session;
  } catch (error) {
    channel.close();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
