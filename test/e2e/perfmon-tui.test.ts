import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { PtySession } from './pty-session.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/perfmon.js', import.meta.url));

let session: PtySession | undefined;
afterEach(() => session?.kill());

describe('perfmon in a real terminal', () => {
  it('draws the CPU panel at 80×24, shows help on ?, quits on q with exit 0 and the terminal restored', async () => {
    session = new PtySession([], { cols: 80, rows: 24 });
    await session.waitFor(/^CPU {2}\S/m);
    const screen = session.screen();
    expect(screen[0]).toMatch(/^perfmon/);
    for (const line of screen) expect(line.length).toBeLessThanOrEqual(80);
    expect(session.term.buffer.active.type).toBe('alternate');

    session.write('?');
    await session.waitFor(/Esc or \? closes/);
    expect(session.text()).toMatch(/q +Quit perfmon/);
    session.write('\u001b');
    await session.waitFor((text) => !text.includes('Esc or ? closes') && /^CPU /m.test(text));

    session.write('q');
    const { exitCode } = await session.exited;
    expect(exitCode).toBe(0);
    // Back on the normal screen, with the cursor shown again.
    await session.waitFor(() => session!.term.buffer.active.type === 'normal');
    expect(session.raw.lastIndexOf('\u001b[?25h')).toBeGreaterThan(session.raw.lastIndexOf('\u001b[?25l'));
  });

  it('quits on Ctrl-C and restores the terminal', async () => {
    session = new PtySession([], { cols: 80, rows: 24 });
    await session.waitFor(/^CPU /m);
    session.write('\u0003');
    expect((await session.exited).exitCode).toBe(0);
    await session.waitFor(() => session!.term.buffer.active.type === 'normal');
  });

  it('follows a resize to 200×50 and back', async () => {
    session = new PtySession([], { cols: 80, rows: 24 });
    await session.waitFor(/^CPU /m);
    session.resize(200, 50);
    await session.waitFor((text) => text.split('\n')[0]!.length > 100);
    session.resize(80, 24);
    await session.waitFor((text) => text.split('\n')[0]!.length <= 80 && /^CPU /m.test(text));
    session.write('q');
    expect((await session.exited).exitCode).toBe(0);
  });

  it('honours NO_COLOR: not one colour code on the screen', async () => {
    session = new PtySession([], { cols: 80, rows: 24, env: { NO_COLOR: '1' } });
    await session.waitFor(/^CPU /m);
    session.write('q');
    await session.exited;
    expect(session.raw).not.toMatch(/\u001b\[3\dm/);
  });

  it('refuses to start the UI when stdout is not a terminal, pointing to snapshot', async () => {
    const error = await run(process.execPath, [BIN], { encoding: 'utf8' }).catch((e: { code: number; stderr: string; stdout: string }) => e);
    expect(error).toMatchObject({ code: 2 });
    const { stderr } = error as { stderr: string };
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('perfmon snapshot');
  });

  it('refuses an interval outside 0.25–60 s with a clear message', async () => {
    for (const bad of ['0.1', '61', 'fast']) {
      const error = (await run(process.execPath, [BIN, 'snapshot', '--interval', bad], { encoding: 'utf8' }).catch((e) => e)) as { code: number; stderr: string };
      expect(error.code).toBe(2);
      expect(error.stderr).toContain('--interval must be a number of seconds from 0.25 to 60');
    }
  });
});
