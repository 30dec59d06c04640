/** Drives fixtures/queues/amqp-pair.py (python3-pika): a publisher and a consumer at rates set from the test. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../fixtures/queues/amqp-pair.py', import.meta.url));

export interface AmqpPair {
  /** Publish `publish`/s and acknowledge `consume`/s from now on; resolves when the script confirmed. */
  setRates(publish: number, consume: number): Promise<void>;
  stop(): void;
}

export async function startAmqpPair(port: number, queue: string): Promise<AmqpPair> {
  const child: ChildProcessWithoutNullStreams = spawn('/usr/bin/python3', [SCRIPT, String(port), queue]);
  const lines = createInterface({ input: child.stdout });
  const waiters: Array<(line: string) => void> = [];
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  lines.on('line', (line) => waiters.shift()?.(line));
  const next = (what: string) =>
    new Promise<string>((resolve, reject) => {
      waiters.push(resolve);
      child.once('exit', (code) => reject(new Error(`amqp-pair.py exited ${code} waiting for ${what}: ${stderr}`)));
    });
  const ready = await next('ready');
  if (ready !== 'ready') throw new Error(`amqp-pair.py said ${ready}`);
  return {
    async setRates(publish, consume) {
      const answer = next('ok');
      child.stdin.write(`rates ${publish} ${consume}\n`);
      await answer;
    },
    stop: () => void child.kill(),
  };
}
