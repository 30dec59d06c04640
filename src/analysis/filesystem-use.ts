import type { FilesystemSnapshot } from '../model/host-snapshot.js';

/**
 * How full a filesystem is, in percent, by df's rule: used / (used + available), rounded up.
 * Not used / size: ext4 keeps ~5 % of the blocks for root, and a disk that ordinary writers
 * can no longer fill reads 100 % in df while used / size would still say 95 %.
 */
export function filesystemUsePercent(f: Pick<FilesystemSnapshot, 'used' | 'available'>): number | null {
  const usable = f.used + f.available;
  if (!(usable > 0)) return null;
  return Math.ceil((f.used * 100) / usable);
}
