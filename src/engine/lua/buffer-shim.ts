/**
 * The part of Node's Buffer that lua-redis-wasm's browser build uses
 * (from, alloc, concat, isBuffer, little-endian reads and writes, utf8
 * toString, copy). Installed on globalThis only where there is no Buffer
 * (the browser worker), just before the Lua runtime is imported, so the
 * page's first load never carries it.
 */
const enc = new TextEncoder();
const dec = new TextDecoder();

class ShimBuffer extends Uint8Array {
  private view(): DataView {
    return new DataView(this.buffer, this.byteOffset, this.byteLength);
  }
  readUInt8(o = 0): number {
    return this[o]!;
  }
  readUInt32LE(o = 0): number {
    return this.view().getUint32(o, true);
  }
  writeUInt32LE(v: number, o = 0): number {
    this.view().setUint32(o, v >>> 0, true);
    return o + 4;
  }
  readBigInt64LE(o = 0): bigint {
    return this.view().getBigInt64(o, true);
  }
  writeBigInt64LE(v: bigint, o = 0): number {
    this.view().setBigInt64(o, v, true);
    return o + 8;
  }
  readDoubleLE(o = 0): number {
    return this.view().getFloat64(o, true);
  }
  writeDoubleLE(v: number, o = 0): number {
    this.view().setFloat64(o, v, true);
    return o + 8;
  }
  copy(target: Uint8Array, targetStart = 0, start = 0, end = this.length): number {
    const part = this.subarray(start, end);
    target.set(part, targetStart);
    return part.length;
  }
  override toString(): string {
    return dec.decode(this);
  }
}

type Bytes = ArrayBuffer | ArrayLike<number>;

const statics = {
  isBuffer(v: unknown): boolean {
    return v instanceof ShimBuffer;
  },
  alloc(n: number): ShimBuffer {
    return new ShimBuffer(n);
  },
  from(v: string | Bytes, offsetOrEncoding?: number | string, length?: number): ShimBuffer {
    if (typeof v === 'string') {
      const bytes = enc.encode(v);
      return new ShimBuffer(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    if (v instanceof ArrayBuffer) {
      const off = typeof offsetOrEncoding === 'number' ? offsetOrEncoding : 0;
      return new ShimBuffer(v, off, length ?? v.byteLength - off);
    }
    const out = new ShimBuffer(v.length);
    out.set(v);
    return out;
  },
  concat(list: readonly Uint8Array[], total?: number): ShimBuffer {
    const n = total ?? list.reduce((s, b) => s + b.length, 0);
    const out = new ShimBuffer(n);
    let at = 0;
    for (const b of list) {
      if (at >= n) break;
      out.set(b.subarray(0, n - at), at);
      at += b.length;
    }
    return out;
  },
};

/** Makes `Buffer` available to the Lua runtime where the platform has none. */
export function ensureBuffer(): void {
  const g = globalThis as { Buffer?: unknown };
  if (g.Buffer === undefined) g.Buffer = Object.assign(ShimBuffer, statics);
}
