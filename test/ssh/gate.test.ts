import { describe, expect, it } from 'vitest';
import { Gate, HandshakeGate } from '../../src/ssh/gate.js';

describe('Gate', () => {
  it('admits up to the limit and queues the rest in order', async () => {
    const gate = new Gate(2);
    const order: number[] = [];
    const r1 = await gate.acquire();
    const r2 = await gate.acquire();
    const third = gate.acquire().then((r) => (order.push(3), r));
    const fourth = gate.acquire().then((r) => (order.push(4), r));
    expect([gate.active, gate.waiting]).toEqual([2, 2]);
    r1();
    r1(); // releasing twice frees one slot only
    const r3 = await third;
    expect([gate.active, gate.waiting, order]).toEqual([2, 1, [3]]);
    r2();
    (await fourth)();
    r3();
    expect([gate.active, gate.waiting, order]).toEqual([0, 0, [3, 4]]);
  });

  it('rejects waiters when the resource goes away', async () => {
    const gate = new Gate(1);
    await gate.acquire();
    const waiting = gate.acquire();
    gate.rejectWaiting(new Error('gone'));
    await expect(waiting).rejects.toThrow('gone');
    expect(gate.waiting).toBe(0);
  });
});

describe('HandshakeGate', () => {
  // Lets every already-settled promise continuation run (a tick, not a timed wait).
  const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

  it('bounds handshakes per first hop and overall, without a busy hop blocking others', async () => {
    const gate = new HandshakeGate({ global: 3, perFirstHop: 2 });
    const viaBastion = [await gate.acquire('bastion:22'), await gate.acquire('bastion:22')];
    let thirdGranted = false;
    const third = gate.acquire('bastion:22').then((release) => ((thirdGranted = true), release));
    const direct = await gate.acquire('db1:22');
    let secondDirectGranted = false;
    const secondDirect = gate.acquire('db2:22').then((release) => ((secondDirectGranted = true), release));
    await tick();
    expect([gate.active, thirdGranted, secondDirectGranted]).toEqual([3, false, false]);

    // A free global slot goes to the direct host: the bastion's third waits for its hop.
    direct();
    await tick();
    expect([thirdGranted, secondDirectGranted]).toEqual([false, true]);

    viaBastion[0]!();
    await tick();
    expect(thirdGranted).toBe(true);
    (await third)();
    (await secondDirect)();
    viaBastion[1]!();
    expect([gate.active, gate.waiting]).toEqual([0, 0]);
  });
});
