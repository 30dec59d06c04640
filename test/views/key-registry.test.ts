import { describe, expect, it } from 'vitest';
import { COMMANDS, commandsFor, layerOf } from '../../views/keys/commands.js';
import { KeyRouter, whenKeysSettled } from '../../views/keys/key-router.js';
import { keyName } from '../../views/keys/key-names.js';
import type { Key } from 'ink';

const noKey: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false,
};

describe('the key registry', () => {
  it('gives every command an id, at least one key and a description', () => {
    for (const c of COMMANDS) {
      expect(c.id, JSON.stringify(c)).toMatch(/^[a-z]+(\.[a-zA-Z0-9]+)+$/);
      expect(c.keys.length, c.id).toBeGreaterThan(0);
      expect(c.description.trim().length, c.id).toBeGreaterThan(5);
    }
  });

  it('has unique ids', () => {
    const ids = COMMANDS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('never binds one key twice in the same scope, nor a pane key over a global one', () => {
    const seen = new Map<string, string>();
    for (const c of COMMANDS) {
      for (const key of c.keys) {
        const slot = `${c.scope}:${key}`;
        expect(seen.get(slot), `${c.id} and ${seen.get(slot)} both bind ${key} in ${c.scope}`).toBeUndefined();
        seen.set(slot, c.id);
      }
    }
    const globalKeys = new Set(COMMANDS.filter((c) => c.scope === 'global' && !c.afterPane).flatMap((c) => c.keys));
    for (const c of COMMANDS.filter((x) => layerOf(x.scope) === 'pane')) {
      for (const key of c.keys) expect(globalKeys.has(key), `${c.id} shadows the global key ${key}`).toBe(false);
    }
  });

  it('uses only key names the router can produce', () => {
    const named = /^(up|down|left|right|pgup|pgdn|home|end|enter|esc|tab|shift\+tab|backspace|ctrl\+[a-z]|.)$/;
    for (const c of COMMANDS) for (const key of c.keys) expect(key, c.id).toMatch(named);
  });

  it('removes dangerous commands in read-only mode', () => {
    const dangerous = COMMANDS.filter((c) => c.dangerous);
    const readOnly = commandsFor(true);
    for (const c of dangerous) expect(readOnly).not.toContain(c);
    expect(commandsFor(false)).toHaveLength(COMMANDS.length);
  });
});

describe('KeyRouter', () => {
  it('routes modal before pane before global, and a dialog blocks the rest except Ctrl-C', () => {
    const router = new KeyRouter(false);
    const calls: string[] = [];
    router.register('app.quit', () => void calls.push('quit'));
    router.register('app.forceQuit', () => void calls.push('force'));
    router.register('list.back', () => void calls.push('back'));
    router.register('modal.close', () => void calls.push('close'));
    router.dispatch('\u001b', { ...noKey, escape: true });
    expect(calls).toEqual(['back']);
    const close = router.openModal('help');
    router.dispatch('\u001b', { ...noKey, escape: true });
    router.dispatch('q', noKey);
    router.dispatch('c', { ...noKey, ctrl: true });
    expect(calls).toEqual(['back', 'close', 'force']);
    close();
    router.dispatch('q', noKey);
    expect(calls.at(-1)).toBe('quit');
  });

  it('lets a handler pass a key on by returning false', () => {
    const router = new KeyRouter(false);
    const calls: string[] = [];
    router.register('list.back', () => false);
    router.register('app.quit', () => void calls.push('quit'));
    expect(router.dispatch('\u001b', { ...noKey, escape: true })).toBe(false);
    expect(calls).toEqual([]);
  });

  it('sends typing to the open dialog text field, not to commands', () => {
    const router = new KeyRouter(false);
    let text = '';
    router.register('app.quit', () => void (text += '!quit'));
    router.openModal('palette');
    router.captureText('palette', { onText: (t) => (text += t), onBackspace: () => (text = text.slice(0, -1)) });
    router.dispatch('q', noKey);
    router.dispatch('jk', noKey);
    router.dispatch('', { ...noKey, backspace: true });
    expect(text).toBe('qj');
  });

  it('reports a disabled command with its reason instead of running it', () => {
    const reasons: string[] = [];
    const router = new KeyRouter(false, (spec, reason) => reasons.push(`${spec.id}: ${reason}`));
    let ran = false;
    router.register('list.sort', () => void (ran = true), 'nothing to sort');
    router.dispatch('s', noKey);
    expect(ran).toBe(false);
    expect(reasons).toEqual(['list.sort: nothing to sort']);
  });

  it('names keys as the registry spells them', () => {
    expect(keyName('', { ...noKey, tab: true, shift: true })).toBe('shift+tab');
    expect(keyName('c', { ...noKey, ctrl: true })).toBe('ctrl+c');
    expect(keyName('G', { ...noKey, shift: true })).toBe('G');
    expect(keyName('', { ...noKey, pageDown: true })).toBe('pgdn');
    expect(keyName('ab', noKey)).toBeNull();
  });
});

describe('keys typed faster than they are read', () => {
  it('treats a chunk of several keys as keys one by one, each after the previous one took effect', async () => {
    const router = new KeyRouter(false);
    const calls: string[] = [];
    router.register('list.down', () => void calls.push('down'));
    router.register('list.open', () => void calls.push('open'));
    router.dispatch('jj\r', noKey);
    expect(calls).toEqual(['down']);
    await whenKeysSettled();
    expect(calls).toEqual(['down', 'down', 'open']);
  });

  it('sends the rest of a chunk to the text field the first key opened', async () => {
    const router = new KeyRouter(false);
    let typed = '';
    router.register('list.filter', () => {
      // What the filter prompt does when React mounts it: a dialog with a text field.
      setImmediate(() => {
        router.openModal('filter');
        router.captureText('filter', { onText: (t) => (typed += t), onBackspace: () => {} });
      });
    });
    let histograms = 0;
    router.register('list.sort', () => void (histograms += 1));
    router.dispatch('/sort', noKey);
    await whenKeysSettled();
    expect(typed).toBe('sort');
    expect(histograms).toBe(0);
  });

  it('refuses every dangerous command with the reason while replaying, by key and from the palette, and allows them again live', () => {
    const refused: string[] = [];
    const router = new KeyRouter(false, (spec, reason) => void refused.push(`${spec.id}: ${reason}`));
    let restarts = 0;
    let pauses = 0;
    router.register('pane.emergency.restart', () => void (restarts += 1));
    router.register('app.pause', () => void (pauses += 1));
    const restartKey = COMMANDS.find((c) => c.id === 'pane.emergency.restart')!.keys[0]!;
    router.refuseDangerous('refused while replaying 03:12:05');
    expect(router.dispatch(restartKey, noKey)).toBe(true);
    expect(router.run('pane.emergency.restart')).toBe(false);
    router.dispatch('p', noKey);
    expect({ restarts, pauses }).toEqual({ restarts: 0, pauses: 1 });
    expect(refused).toEqual(['pane.emergency.restart: refused while replaying 03:12:05', 'pane.emergency.restart: refused while replaying 03:12:05']);
    expect(router.available().find((a) => a.spec.id === 'pane.emergency.restart')?.disabledReason).toBe('refused while replaying 03:12:05');
    router.refuseDangerous(null);
    router.dispatch(restartKey, noKey);
    expect(restarts).toBe(1);
  });
});
