// Cost of one frame: a new reading recorded, the overview (or fleet) re-rendered by Ink into an
// 80×24 / 200×50 terminal. Prints figures (vitest bench); asserts nothing.
// Run: npx vitest bench --run bench/render-frame
import { render } from 'ink';
import { bench, describe } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../src/analysis/thresholds.js';
import { MetricStore } from '../src/model/store.js';
import { App } from '../views/app.js';
import { FLEET_PANES, HOST_PANES } from '../views/panes.js';
import { capturedSnapshot } from '../test/views/render-app.js';
import { FakeStdin, SizedStdout } from '../test/views/sized-terminal.js';

function setup(columns: number, rows: number, hosts: number) {
  const store = new MetricStore();
  const base = capturedSnapshot();
  const names = Array.from({ length: hosts }, (_, i) => (hosts === 1 ? base.name : `host-${i}`));
  for (const name of names) store.record({ ...base, name });
  const stdout = new SizedStdout(columns, rows);
  const config = { thresholds: DEFAULT_THRESHOLDS, intervalMs: 1000, readOnly: false, environment: null, fleet: null };
  // debug: every render is written at once (no frame-rate throttle), so a frame can be awaited.
  render(<App store={store} panes={hosts === 1 ? HOST_PANES : FLEET_PANES} config={config} hostName={names[0]!} />, {
    stdout: stdout as never,
    stdin: new FakeStdin() as never,
    exitOnCtrlC: false,
    patchConsole: false,
    debug: true,
  });
  let tick = 0;
  // A new reading of every host, and the frame it causes: what one sampling interval costs.
  return async () => {
    tick += 1;
    const frames = stdout.frames.length;
    for (const name of names) store.record({ ...base, name, cpu: { ...base.cpu, usage: (tick * 7) % 100 } });
    while (stdout.frames.length === frames) await new Promise((resolve) => setImmediate(resolve));
    stdout.frames.length = 0;
  };
}

for (const [columns, rows] of [
  [80, 24],
  [200, 50],
] as const) {
  describe(`${columns}×${rows}`, () => {
    const local = setup(columns, rows, 1);
    bench('overview, local host: one reading → one frame', local);
    const fleet = setup(columns, rows, 100);
    bench('fleet pane, 100 hosts: one reading of each → one frame', fleet);
  });
}
