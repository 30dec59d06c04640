/**
 * Bit-level writer and reader for the history chunk codec. Numbers up to 2^53 are written
 * as split 26-bit halves so no arithmetic leaves the range where JavaScript numbers are exact.
 */

const HALF = 2 ** 26;

export class BitWriter {
  private bytes = new Uint8Array(256);
  private bitLength = 0;

  /** Appends the low `width` bits of `value` (0 ≤ value < 2^width, width ≤ 53), most significant first. */
  write(value: number, width: number): void {
    if (width > 26) {
      this.write(Math.floor(value / HALF), width - 26);
      this.write(value % HALF, 26);
      return;
    }
    // A byte at a time: value < 2^26 here, so 32-bit shifts are exact and unsigned.
    let left = width;
    while (left > 0) {
      const index = this.bitLength >>> 3;
      if (index >= this.bytes.length) this.grow();
      const free = 8 - (this.bitLength & 7);
      const take = free < left ? free : left;
      left -= take;
      this.bytes[index]! |= ((value >>> left) & ((1 << take) - 1)) << (free - take);
      this.bitLength += take;
    }
  }

  writeBit(bit: number): void {
    this.write(bit & 1, 1);
  }

  private grow(): void {
    const grown = new Uint8Array(this.bytes.length * 2);
    grown.set(this.bytes);
    this.bytes = grown;
  }

  /** Unsigned LEB128-style variable length integer, byte aligned in spirit but not in position. */
  writeVarUint(value: number): void {
    let rest = value;
    while (rest >= 0x80) {
      this.write((rest % 0x80) | 0x80, 8);
      rest = Math.floor(rest / 0x80);
    }
    this.write(rest, 8);
  }

  finish(): Uint8Array {
    return this.bytes.slice(0, (this.bitLength + 7) >>> 3);
  }
}

export class BitReader {
  private position = 0;

  constructor(private readonly bytes: Uint8Array) {}

  read(width: number): number {
    if (width > 26) {
      const high = this.read(width - 26);
      return high * HALF + this.read(26);
    }
    let value = 0;
    let left = width;
    while (left > 0) {
      const index = this.position >>> 3;
      if (index >= this.bytes.length) throw new RangeError('history chunk ends early (truncated or corrupt)');
      const free = 8 - (this.position & 7);
      const take = free < left ? free : left;
      // value < 2^26 throughout, so * 2^take keeps it exact
      value = value * (1 << take) + ((this.bytes[index]! >>> (free - take)) & ((1 << take) - 1));
      this.position += take;
      left -= take;
    }
    return value;
  }

  /** Bytes consumed so far (a partly read byte counts). */
  bytesRead(): number {
    return (this.position + 7) >>> 3;
  }

  readBit(): number {
    return this.read(1);
  }

  readVarUint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = this.read(8);
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 0x80;
      if (scale > 2 ** 56) throw new RangeError('history chunk holds an over-long number (corrupt)');
    }
  }
}

/** Signed → unsigned so small magnitudes of either sign get short codes: 0,-1,1,-2 → 0,1,2,3. */
export function zigzag(n: number): number {
  return n >= 0 ? n * 2 : -n * 2 - 1;
}

export function unzigzag(z: number): number {
  return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
}
