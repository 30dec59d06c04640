import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostSnapshot } from '../../src/model/host-snapshot.js';
import { capturedSnapshot, renderSized, tick } from './render-app.js';

type Sized = Awaited<ReturnType<typeof renderSized>>;
let app: Sized | undefined;
afterEach(() => app?.unmount());

const lines = (frame: string) => stripVTControlCharacters(frame).split('\n');

/** A big server: 64 cores, many disks, interfaces and filesystems (built from the captured VM). */
function bigServer(): HostSnapshot {
  const s = capturedSnapshot();
  const core = s.cpu.perCore[0]!;
  return {
    ...s,
    cpu: { ...s.cpu, cores: 64, perCore: Array.from({ length: 64 }, (_, i) => ({ ...core, usage: (i * 7) % 100 })) },
    disks: Array.from({ length: 12 }, (_, i) => ({ ...s.disks[0]!, device: `nvme${i}n1`, utilisation: i * 8 })),
    network: Array.from({ length: 10 }, (_, i) => ({ ...s.network[0]!, iface: `ens${i}` })),
    filesystems: Array.from({ length: 15 }, (_, i) => ({ ...s.filesystems[0]!, mount: `/data/volume-${i}` })),
  };
}

function expectFits(frame: string, columns: number, rows: number) {
  const shown = lines(frame);
  expect(shown.length).toBeLessThanOrEqual(rows);
  for (const line of shown) expect(line.length, line).toBeLessThanOrEqual(columns);
}

describe('terminal sizes', () => {
  for (const [columns, rows] of [
    [80, 24],
    [200, 50],
  ] as const) {
    for (const pane of ['2', '3', '4', '?', ':']) {
      it(`pane ${pane} fits ${columns}×${rows} on a 64-core server, header first and footer last`, async () => {
        app = await renderSized(columns, rows, { snapshots: [bigServer()] });
        await app.press(pane);
        const frame = app.frame();
        expectFits(frame, columns, rows);
        expect(lines(frame)[0]).toMatch(/^perfmon/);
        expect(lines(frame).at(-1)).toMatch(/Esc|quit/);
      });
    }
  }

  it('keeps every overview section at 80×24, dropping detail instead', async () => {
    app = await renderSized(80, 24, { snapshots: [bigServer()] });
    const text = lines(app.frame()).join('\n');
    for (const section of ['CPU', 'MEM', 'SWAP', 'FILESYSTEM', 'DISK', 'NETWORK', 'TCP']) expect(text).toMatch(new RegExp(`^${section}`, 'm'));
    expect(text).toMatch(/^DISK \+\d+ /m);
    expect(text).toMatch(/^cores /m);
  });

  it('shows per-core rows with their breakdown when there is room', async () => {
    app = await renderSized(200, 50, { snapshots: [capturedSnapshot()] });
    const text = lines(app.frame()).join('\n');
    expect(text).toMatch(/^ +0 .*usr +\d.* sys .* iow .* st /m);
    expect(text).toMatch(/^ +1 .*usr /m);
  });

  it('follows a resize live', async () => {
    app = await renderSized(200, 50);
    expect(lines(app.frame())[0]!.length).toBeGreaterThan(100);
    app.stdout.resize(80, 24);
    await tick();
    expectFits(app.frame(), 80, 24);
    expect(lines(app.frame())[0]).toContain('4 Processes');
  });
});
