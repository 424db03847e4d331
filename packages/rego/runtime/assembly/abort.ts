import { opa_abort } from './env';

// AssemblyScript's own `abort` import (env.abort) is not provided by the OPA
// SDK, so the build aliases it here (`--use abort=...`). Assertions are
// compiled out with --noAssert; what remains are runtime traps such as out of
// bounds, which we report through the ABI's opa_abort with a fixed message.
const MESSAGE = memory.data<u8>([
  0x72, 0x75, 0x6e, 0x74, 0x69, 0x6d, 0x65, 0x20, 0x61, 0x62, 0x6f, 0x72, 0x74,
  0x00,
]);

export function runtimeAbort(
  message: string | null,
  fileName: string | null,
  line: u32,
  column: u32,
): void {
  opa_abort(MESSAGE);
  unreachable();
}
