import { render } from 'ink-testing-library';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { MetricStore } from '../../src/model/store.js';
import { ConfirmDialog } from '../../views/components/confirm-dialog.js';
import { KeyRouter } from '../../views/keys/key-router.js';
import { KeyRouterContext } from '../../views/keys/use-command.js';
import { StoreView } from '../../views/store/store-view.js';
import { StoreViewContext } from '../../views/store/use-store.js';
import { useInput } from 'ink';
import { KEYS, settle, tick } from './render-app.js';

function Harness({ router, children }: { router: KeyRouter; children: React.ReactNode }) {
  useInput((input, key) => void router.dispatch(input, key));
  return <>{children}</>;
}

function renderDialog(onConfirm: () => void, onCancel: () => void, environment: string | null = 'production') {
  const router = new KeyRouter(false);
  const view = new StoreView(new MetricStore());
  const rendered = render(
    <StoreViewContext.Provider value={view}>
      <KeyRouterContext.Provider value={router}>
        <Harness router={router}>
          <ConfirmDialog
            title="Rolling restart of order-engine"
            preview={['batch 1: oe-1', '  drain, restart, wait healthy, undrain', 'batch 2: oe-2']}
            confirmText="order-engine"
            environment={environment}
            width={80}
            height={20}
            onConfirm={onConfirm}
            onCancel={onCancel}
          />
        </Harness>
      </KeyRouterContext.Provider>
    </StoreViewContext.Provider>,
  );
  return { ...rendered, view, press: async (...keys: string[]) => { for (const k of keys) { rendered.stdin.write(k); await settle(); } } };
}

describe('ConfirmDialog', () => {
  it('shows the plan and the environment, and goes ahead only when the name is typed exactly', async () => {
    let confirmed = 0;
    const dialog = renderDialog(() => (confirmed += 1), () => {});
    await tick();
    const frame = stripVTControlCharacters(dialog.lastFrame() ?? '');
    expect(frame).toContain(' PRODUCTION  Rolling restart of order-engine');
    expect(frame).toContain('batch 2: oe-2');
    expect(frame).toContain('Type order-engine and press Enter');
    await dialog.press('y', KEYS.enter);
    expect(confirmed).toBe(0);
    expect(stripVTControlCharacters(dialog.lastFrame() ?? '')).toContain('that is not order-engine');
    await dialog.press(KEYS.backspace, 'order-engine\r');
    expect(confirmed).toBe(1);
    dialog.unmount();
  });

  it('cancels on Esc, freezing the picture while open and restoring it after', async () => {
    let cancelled = 0;
    const dialog = renderDialog(() => {}, () => (cancelled += 1), null);
    await tick();
    expect(dialog.view.paused).toBe(true);
    await dialog.press(KEYS.esc);
    expect(cancelled).toBe(1);
    dialog.unmount();
    expect(dialog.view.paused).toBe(false);
  });
});
