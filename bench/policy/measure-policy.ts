/**
 * Issue 3's in-process policy figures, as a process of its own (so it can
 * be pinned): builds policies/default into a bundle, evaluates 100,000
 * gateway-shaped inputs through `PolicyEvaluator` (what the gateway
 * calls) timing each decision, checks every answer against the one the
 * default policy must give, and watches the wasm memory of a second
 * instance over the same 100,000 evaluations after warm-up. Prints one
 * `BENCH_POLICY_JSON {...}` line.
 */
import { parseArgs } from 'node:util';

import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { DEFAULT_POLICY_ENTRYPOINT } from '@cellplane/contract';
import { PolicyEvaluator, readBundle } from '@cellplane/policy';
import { hostBuiltins } from '@cellplane/rego';

import { percentile } from '../load/percentile';
import { buildPolicyBundle } from '../matrix/setup/policy-bundle';
import { POLICY_JSON_MARKER } from './policy-figures';
import { policyInput } from './policy-inputs';

const WASM_PAGE_BYTES = 65_536;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      evaluations: { type: 'string', default: '100000' },
      warmup: { type: 'string', default: '10000' },
    },
  });
  const evaluations = Number(values.evaluations);
  const warmup = Number(values.warmup);

  const built = buildPolicyBundle();
  const bundle = readBundle(built.bytes);
  const evaluator = await PolicyEvaluator.load(bundle);
  const entrypoint = DEFAULT_POLICY_ENTRYPOINT;

  const inputs = Array.from({ length: evaluations }, (_, i) => policyInput(i));
  for (let i = 0; i < warmup; i++) {
    evaluator.evaluate(inputs[i % evaluations]!.input, entrypoint);
  }

  const durationsUs = new Float64Array(evaluations);
  let wrong = 0;
  let errors = 0;
  let allowed = 0;
  for (let i = 0; i < evaluations; i++) {
    const { input, kind } = inputs[i]!;
    const start = process.hrtime.bigint();
    const decision = evaluator.evaluate(input, entrypoint);
    durationsUs[i] = Number(process.hrtime.bigint() - start) / 1000;
    if (decision.error !== undefined) errors += 1;
    if (decision.allow) allowed += 1;
    if (decision.allow !== kind.allowed) wrong += 1;
  }
  durationsUs.sort();

  // Memory: a LoadedPolicy of the same module, whose memory is visible.
  const policy = await loadPolicy(bundle.wasm, undefined, hostBuiltins());
  policy.setData(bundle.data as object);
  for (let i = 0; i < warmup; i++) {
    policy.evaluate(inputs[i % evaluations]!.input, entrypoint);
  }
  const pagesBefore = policy.mem.buffer.byteLength / WASM_PAGE_BYTES;
  for (let i = 0; i < evaluations; i++) {
    policy.evaluate(inputs[i]!.input, entrypoint);
  }
  const pagesAfter = policy.mem.buffer.byteLength / WASM_PAGE_BYTES;

  const round = (us: number) => Math.round(us * 100) / 100;
  process.stdout.write(
    `${POLICY_JSON_MARKER} ${JSON.stringify({
      entrypoint,
      bundleBytes: built.bytes.length,
      moduleBytes: bundle.wasm.length,
      evaluations,
      warmup,
      p50Us: round(percentile(durationsUs, 50)),
      p99Us: round(percentile(durationsUs, 99)),
      maxUs: round(durationsUs[evaluations - 1] ?? Number.NaN),
      allowed,
      wrongAnswers: wrong,
      errors,
      wasmPagesBefore: pagesBefore,
      wasmPagesAfter: pagesAfter,
    })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`measure-policy: ${String(error)}\n`);
  process.exitCode = 1;
});
