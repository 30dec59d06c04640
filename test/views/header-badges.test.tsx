/** The header's badges on every pane: REPLAY first, then the environment, ALERTS and DEGRADED, and the clock kept. */
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { Header } from '../../views/components/header.js';
import { HOST_PANES } from '../../views/host-panes.js';

describe('the header', () => {
  it('shows the firing alerts beside the other badges and keeps the clock at 80 columns', () => {
    const { lastFrame } = render(
      <Header width={80} panes={HOST_PANES} active={HOST_PANES[0]!.id} facts={['4 up 0 down', 'every 1s']} paused={false} environment="production" readOnly={false} alerts="ALERTS 2 crit 1 warn" degraded="DEGRADED 1" clock="03:12:05" />,
    );
    const line = lastFrame() ?? '';
    expect(line).toMatch(/^ PRODUCTION +ALERTS 2 crit 1 warn +DEGRADED 1 +perfmon/);
    expect(line).toContain('03:12:05');
    const quiet = render(<Header width={80} panes={HOST_PANES} active={HOST_PANES[0]!.id} facts={[]} paused={false} environment={null} readOnly={false} />).lastFrame() ?? '';
    expect(quiet).not.toContain('ALERTS');
  });
});
