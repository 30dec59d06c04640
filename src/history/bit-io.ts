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
    for (let bit = width - 1; bit >= 0; bit--) {
      // Division rather than >> keeps 26-bit values exact and unsigned.
      this.writeBit(Math.floor(value / 2 ** bit) & 1);
    }
  }

  writeBit(bit: number): void {
    const index = this.bitLength >>> 3;
    if (index >= this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    if (bit) this.bytes[index]! |= 0x80 >>> (this.bitLength & 7);
    this.bitLength++;
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
    for (let i = 0; i < width; i++) value = value * 2 + this.readBit();
    return value;
  }

  /** Bytes consumed so far (a partly read byte counts). */
  bytesRead(): number {
    return (this.position + 7) >>> 3;
  }

  readBit(): number {
    const index = this.position >>> 3;
    if (index >= this.bytes.length) throw new RangeError('history chunk ends early (truncated or corrupt)');
    const bit = (this.bytes[index]! >>> (7 - (this.position & 7))) & 1;
    this.position++;
    return bit;
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
