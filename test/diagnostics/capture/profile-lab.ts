/**
 * What the JFR profile tests share: the lab JDKs, the one program with a known answer for
 * each part of a profile (fixtures/java/ProfileTargets.java), started on lab-0 with a small
 * heap (so that its allocator makes the young GC run), and the check that each known target
 * comes out on top of its list.
 */
import { expect } from 'vitest';
import type { ProfileAnalysis } from '../../../src/diagnostics/profile/analyze-profile.js';
import type { SshConnection } from '../../../src/ssh/connection.js';
import { startRemoteJava, type JavaProcess } from './java-processes.js';

export const JDK17 = '/usr/lib/jvm/java-17-openjdk-amd64';
export const JDK25 = '/usr/lib/jvm/temurin-25-jdk-amd64';

export function startProfileTargets(connection: SshConnection, classDir: string, javaHome: string): Promise<JavaProcess> {
  return startRemoteJava(connection, classDir, 'ProfileTargets', ['-Xmx64m'], `${javaHome}/bin/java`);
}

type Profile = Omit<ProfileAnalysis, 'cpuFlame' | 'allocationFlame'>;

/** Every known target of ProfileTargets first in its list. */
export function expectKnownTargetsOnTop(profile: Profile): void {
  const [hot] = profile.cpu.hotMethods;
  expect(hot?.method).toBe('ProfileTargets.priceQuote');
  expect(hot!.selfPercent).toBeGreaterThan(50);
  expect(profile.cpu.paths[0]?.stack.slice(0, 3)).toEqual(['ProfileTargets.priceQuote', 'ProfileTargets.priceBook', 'ProfileTargets.priceForever']);
  expect(profile.cpu.threads[0]?.thread).toBe('quote-pricer');

  expect(profile.allocation.sites[0]).toMatchObject({ method: 'ProfileTargets.buildAuditRecord', topClass: 'long[]' });
  expect(profile.allocation.sites[0]!.percent).toBeGreaterThan(50);
  expect(profile.allocation.classes[0]?.className).toBe('long[]');

  // Both contended locks, ahead of anything else waited for, each with its own threads and site.
  const locks = profile.locks.slice(0, 2);
  const monitor = locks.find((l) => l.kind === 'monitor');
  const park = locks.find((l) => l.kind === 'park');
  expect(monitor).toMatchObject({ lock: 'ProfileTargets$OrderBook', site: 'ProfileTargets.updateForever' });
  expect(monitor!.threads.map((t) => t.thread).every((t) => /^book-updater-[1-4]$/.test(t))).toBe(true);
  expect(monitor!.maxMs).toBeGreaterThanOrEqual(10);
  expect(park).toMatchObject({ lock: 'java.util.concurrent.locks.ReentrantLock$NonfairSync', site: 'ProfileTargets.journalForever' });
  expect(park!.threads.map((t) => t.thread).every((t) => /^journal-[1-3]$/.test(t))).toBe(true);

  expect(profile.io.slow[0]).toMatchObject({ operation: 'socket read', site: 'ProfileTargets.readQuotes', threads: ['market-data'] });
  expect(profile.io.slow[0]!.maxMs).toBeGreaterThanOrEqual(30);

  expect(profile.gc.collections).toBeGreaterThan(0);
  expect(profile.gc.longestPauseMs).toBeGreaterThan(0);
}
