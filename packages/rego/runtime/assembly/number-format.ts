import { dtoa_buffered } from 'util/number';
import { writeByte, writerReserve } from './writer';

const scratch = memory.data(64, 8);

export function writeInt(i: i64): void {
  if (i < 0) {
    writeByte(0x2d);
    // -i overflows for i64.MIN_VALUE; unsigned arithmetic handles it.
    writeUnsigned(<u64>0 - <u64>i);
    return;
  }
  writeUnsigned(<u64>i);
}

export function writeUnsigned(u: u64): void {
  let n = 0;
  do {
    store<u8>(scratch + n, <u8>(0x30 + <u32>(u % 10)));
    u /= 10;
    n++;
  } while (u != 0);
  const p = writerReserve(n);
  for (let i = 0; i < n; i++) store<u8>(p + i, load<u8>(scratch + n - 1 - i));
}

// Integral floats up to 2^53 print as integers (3.0 -> 3), as OPA prints a
// float that holds an integer; others use the shortest round-trip form.
const EXACT_INT_LIMIT: f64 = 9007199254740992.0;

export function writeFloat(f: f64): void {
  if (f == Math.floor(f) && Math.abs(f) <= EXACT_INT_LIMIT) {
    writeInt(<i64>f);
    return;
  }
  const n = dtoa_buffered(scratch, f);
  let end = n;
  // AssemblyScript prints 1e21 as "1e+21" like JavaScript but keeps ".0" on
  // large integral values; JSON needs neither the dot nor the zero.
  if (
    n > 2 &&
    load<u16>(scratch + ((n - 1) << 1)) == 0x30 &&
    load<u16>(scratch + ((n - 2) << 1)) == 0x2e
  ) {
    end = n - 2;
  }
  const p = writerReserve(end);
  for (let i: u32 = 0; i < end; i++) {
    store<u8>(p + i, <u8>load<u16>(scratch + (i << 1)));
  }
}
