/**
 * `perfmon queues` says what it is doing on a terminal's stderr while it connects and reads
 * (it took 11 s in silence), and nothing of the kind on a pipe. A real lab host; its queue
 * source points at a port nothing listens on, so the reads fail the way a down broker does.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runQueuesCommand } from '../../src/runtime/queues-command.js';
import { startLab, type Lab } from '../lab/lab.js';
import { freePort } from '../lab/rabbitmq.js';

let lab: Lab;
let inventory: string;
beforeAll(async () => {
  const [started, port] = await Promise.all([startLab({ hosts: 1 }), freePort()]);
  lab = started;
  inventory = join(lab.dir, 'queues.yaml');
  const lines = ['hosts:', '  - {name: lab-0}', 'components:', '  - name: broker', '    role: broker', '    hosts: [lab-0]', '    queues:', `      - {type: rabbitmq, endpoint: "127.0.0.1:${port}/metrics/per-object"}`];
  writeFileSync(inventory, `${lines.join('\n')}\n`);
});
afterAll(() => lab?.stop());

async function run(tty: boolean) {
  const out = new PassThrough();
  const err = Object.assign(new PassThrough(), tty ? { isTTY: true } : {});
  let errText = '';
  err.on('data', (d: Buffer) => (errText += d.toString()));
  out.resume();
  const outcome = await runQueuesCommand({ config: inventory, json: false, samples: 2, interval: 0.5 }, { out, err, home: lab.home, env: lab.env });
  return { outcome, err: errText };
}

describe('perfmon queues progress', () => {
  it('on a terminal: connecting, each read and the wait before the next, erased before the results', async () => {
    const { outcome, err } = await run(true);
    expect(outcome).toBe('failure');
    const shown = err.split('\r\x1b[K');
    expect(shown).toContain('perfmon queues: connecting to 1 host (lab-0)…');
    expect(shown).toContain('perfmon queues: reading 1 source (1 of 2)…');
    expect(shown).toContain('perfmon queues: read 1 of 2; the next in 0.5s (rates need two reads)…');
    expect(shown).toContain('perfmon queues: reading 1 source (2 of 2)…');
    // The line is erased before the errors are written: they start on a clean line.
    expect(err).toMatch(/\r\x1b\[Kbroker: .*127\.0\.0\.1/);
  });

  it('on a pipe: only the errors', async () => {
    const { err } = await run(false);
    expect(err).not.toContain('perfmon queues:');
    expect(err).toMatch(/^broker: .*127\.0\.0\.1/);
  });
});
