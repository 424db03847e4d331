/**
 * `npm run bench`: the proxy matrix of issue 4, side by side in one run on
 * this machine. Sets up a real cell (control-api, snapshot, cell-app with
 * its own database), starts every configuration, measures closed-loop
 * throughput with wrk and added latency with an open-loop client, then
 * writes bench/results/latest.json and the tables of docs/BENCHMARKS.md.
 */
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import * as prettier from 'prettier';

import {
  measurePolicyFigures,
  type PolicyFigures,
} from '../policy/policy-figures';
import { readBenchOptions, type BenchOptions } from './bench-options';
import type {
  ConfigurationName,
  FullSetup,
  RunningTarget,
} from './configurations/bench-configuration';
import { CONFIGURATIONS } from './configurations/configurations';
import {
  measureClosedLoop,
  type ClosedLoopRun,
} from './measure/measure-closed-loop';
import { measureOpenLoop } from './measure/measure-open-loop';
import { buildOpenLoopClient } from './measure/native-open-loop';
import type { OpenLoopResult } from './measure/open-loop-result';
import {
  clockTicksPerSecond,
  rssMegabytes,
  treePids,
} from './measure/proc-reader';
import type { BenchResult, ConfigurationResult } from './report/bench-result';
import { computeRatios } from './report/compute-ratios';
import { evaluateGoals } from './report/evaluate-goals';
import { loadAverage, readMachineFacts } from './report/machine-info';
import { renderResultsMarkdown } from './report/render-results-markdown';
import { replaceGeneratedSection } from './report/replace-generated-section';
import { readSourceRevision } from './report/source-revision';
import { summarizeConfiguration } from './report/summarize-configuration';
import { prepareFullSetup } from './setup/prepare-full-setup';
import { startUpstream, type BenchUpstream } from './setup/start-upstream';
import { waitUntilServed } from './setup/wait-until-served';
import { startConfigurations } from './start-configurations';
import {
  boundScript,
  writeLoadScripts,
  type LoadScript,
} from './tokens/load-script';
import { freshCountOf } from './tokens/token-headers';
import { FreshCursor, type FreshPerFive } from './tokens/token-supply';

/** The one request every configuration is measured on. */
const PATH = '/catalog';

/** The code whose speed is measured (the servers and what they import). */
const MEASURED_CODE = [
  'apps/gateway',
  'apps/cell-app',
  'packages/contract',
  'packages/resilience',
  'packages/ring',
  'packages/snapshot-client',
  'packages/telemetry',
  'packages/policy',
  'packages/rego',
  'policies/default',
  'bench/matrix',
  'bench/policy',
];

const LOAD_OF = new Map(
  CONFIGURATIONS.filter((c) => c.kind === 'measured').map(
    (c) => [c.name, c.load] as const,
  ),
);

const say = (message: string) => console.log(`==> ${message}`);

async function main(): Promise<number> {
  const facts = readMachineFacts();
  const options = readBenchOptions(
    process.argv.slice(2),
    process.env,
    facts.nproc,
  );
  const loadAverageStart = loadAverage();
  const startedAt = new Date();
  const clock = performance.now();

  const workDir = mkdtempSync(join(tmpdir(), 'cellplane-bench-'));
  const logDir = join(workDir, 'logs');
  mkdirSync(logDir);
  const cleanups: (() => Promise<void>)[] = [];
  const cleanUp = async () => {
    while (cleanups.length > 0) await cleanups.pop()!().catch(() => undefined);
  };
  const onSignal = () => {
    say('interrupted: stopping the servers this bench started');
    void cleanUp().then(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    say('setting up a cell: bench database, control-api, snapshot, cell-app');
    const upstream = await startUpstream({
      adminUrl: options.adminDatabaseUrl,
      redisUrl: options.redisUrl,
      workDir,
      logDir,
      serverCpu: options.serverCpu,
      tenantCount: options.tenantCount,
      onCleanUp: (cleanUp) => cleanups.push(cleanUp),
    });

    say(
      `policy figures: ${options.policyEvaluations} evaluations of the default policy, compile time (issue 3)`,
    );
    const policy = await measurePolicyFigures(
      options.serverCpu,
      options.policyEvaluations,
    ).catch((error: unknown) => {
      console.error(`    policy figures failed: ${String(error)}`);

      return null;
    });
    if (policy !== null) {
      const e = policy.evaluation;
      console.log(
        `    p50 ${e.p50Us} µs, p99 ${e.p99Us} µs, pages ${e.wasmPagesBefore} -> ${e.wasmPagesAfter}, ` +
          `compile ${policy.compile.firstCompileMs} ms (${policy.compile.lines} lines)`,
      );
    }

    say(
      `minting ${options.poolTokens} reused and ${options.freshTokens} fresh tokens, building the default policy bundle`,
    );
    const full = prepareFullSetup({
      upstream,
      workDir,
      poolTokens: options.poolTokens,
      freshTokens: options.freshTokens,
    });
    console.log(`    tokens signed in ${full.tokens.mintMs} ms`);
    const scripts = writeLoadScripts({
      dir: workDir,
      path: PATH,
      tenantIds: upstream.tenantIds,
      tokens: full.tokens,
    });

    const measured = CONFIGURATIONS.filter((c) => c.kind === 'measured');
    say(`starting ${measured.map((c) => c.name).join(', ')}`);
    const started = await startConfigurations(
      measured,
      { upstream, workDir, logDir, serverCpu: options.serverCpu, full },
      (target) => cleanups.push(() => target.stop()),
    );
    // Measured in report order (direct first), whatever order they started.
    const targets = new Map(
      measured.map((c) => [c.name, started.get(c.name)!] as const),
    );
    for (const [name, target] of targets) {
      await waitUntilServed({
        url: target.url,
        path: PATH,
        tenantIds: upstream.tenantIds,
        cellId: upstream.cellId,
        timeoutMs: 60_000,
        ...(LOAD_OF.get(name) === 'tenant-header'
          ? {}
          : { headersFor: (tenant) => poolHeaders(full, tenant) }),
      });
    }

    // One cursor of fresh tokens per configuration (tokens/load-script.ts).
    const cursors = new Map(
      [...targets.keys()].map(
        (name) => [name, new FreshCursor(full.tokens.freshCount)] as const,
      ),
    );
    const runs = await measureRounds(options, upstream, targets, (name) =>
      boundScript(scripts[LOAD_OF.get(name)!], cursors.get(name)!),
    );
    const openLoops = await measureOpenLoops(
      options,
      upstream,
      targets,
      full,
      cursors,
      workDir,
    );
    const rss = new Map(
      [...targets].map(([name, t]) => [
        name,
        rssMegabytes(treePids(t.measuredPids)),
      ]),
    );

    const result = buildResult({
      options,
      facts,
      loadAverageStart,
      startedAt,
      durationS: Math.round((performance.now() - clock) / 1000),
      upstream,
      targets,
      runs,
      openLoops,
      rss,
      policy,
      full,
      cursors,
    });
    await writeReport(options, result);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await cleanUp();
    rmSync(workDir, { recursive: true, force: true });

    console.log('');
    console.log(renderResultsMarkdown(result));
    say(`wrote ${options.outFile} and ${options.docFile}`);

    return 0;
  } catch (error) {
    await cleanUp();
    console.error(
      `bench: ${error instanceof Error ? error.message : String(error)}`,
    );
    console.error(`bench: logs of the servers are in ${logDir}`);

    return 1;
  }
}

/**
 * Closed-loop runs, interleaved: round r measures every configuration once
 * before round r + 1, so a change in the machine's other load over the
 * minutes of the bench falls on all of them alike.
 */
async function measureRounds(
  options: BenchOptions,
  upstream: BenchUpstream,
  targets: ReadonlyMap<ConfigurationName, RunningTarget>,
  scriptOf: (name: ConfigurationName) => LoadScript,
): Promise<Map<ConfigurationName, ClosedLoopRun[]>> {
  const runs = new Map<ConfigurationName, ClosedLoopRun[]>();
  const settings = {
    path: PATH,
    connections: options.connections,
    durationS: options.durationS,
    warmupS: options.warmupS,
    loadCpu: options.loadCpu,
    ticksPerSecond: clockTicksPerSecond(),
  };

  for (let round = 1; round <= options.runs; round += 1) {
    for (const [name, target] of targets) {
      say(
        `round ${round}/${options.runs}: ${name} (wrk, ${options.durationS} s)`,
      );
      const run = await measureClosedLoop(
        target,
        upstream.process.pid!,
        scriptOf(name),
        settings,
      );
      assertRunning(target, upstream);
      console.log(
        `    ${Math.round(run.rps)} req/s, p50 ${run.p50Ms.toFixed(2)} ms, ` +
          `p99 ${run.p99Ms.toFixed(2)} ms, ${run.cpuUsPerReq?.toFixed(1)} µs CPU/req` +
          (run.non2xx + run.socketErrors > 0
            ? `, ${run.non2xx} non-2xx, ${run.socketErrors} socket errors`
            : ''),
      );
      runs.set(name, [...(runs.get(name) ?? []), run]);
    }
  }

  return runs;
}

/**
 * Open-loop windows, interleaved like the closed-loop runs: round r
 * measures every configuration once before round r + 1. One window's p99
 * is its 50 slowest requests, so a single stall of the machine decides
 * it; the report takes the median over the rounds.
 */
async function measureOpenLoops(
  options: BenchOptions,
  upstream: BenchUpstream,
  targets: ReadonlyMap<ConfigurationName, RunningTarget>,
  full: FullSetup,
  cursors: ReadonlyMap<ConfigurationName, FreshCursor>,
  workDir: string,
): Promise<Map<ConfigurationName, OpenLoopResult[]>> {
  const results = new Map<ConfigurationName, OpenLoopResult[]>();
  const { rateRps, durationS, warmupS } = options.openLoop;
  const client = { binary: buildOpenLoopClient(workDir), workDir };
  const total = Math.round(rateRps * (durationS + warmupS));

  for (let round = 1; round <= options.runs; round += 1) {
    for (const [name, target] of targets) {
      say(`open loop ${round}/${options.runs}: ${name} at ${rateRps} req/s`);
      const load = LOAD_OF.get(name)!;
      const freshPerFive: FreshPerFive =
        load === 'unique-tokens' ? 5 : load === 'mixed-tokens' ? 2 : 0;
      const cursor = cursors.get(name)!;
      const result = await measureOpenLoop(target.url, {
        path: PATH,
        tenantIds: upstream.tenantIds,
        ...options.openLoop,
        loadCpu: options.loadCpu,
        client,
        ...(load === 'tenant-header'
          ? {}
          : {
              tokens: {
                poolFile: full.tokens.poolFile,
                freshFile: full.tokens.freshFile,
                freshStart: cursor.start,
                freshPerFive,
              },
            }),
      });
      if (load !== 'tenant-header') {
        cursor.advance(freshCountOf(total, freshPerFive));
      }
      assertRunning(target, upstream);
      console.log(
        `    p50 ${result.p50Ms.toFixed(3)} ms, p99 ${result.p99Ms.toFixed(3)} ms, ` +
          `${result.completed}/${result.scheduled} completed`,
      );
      results.set(name, [...(results.get(name) ?? []), result]);
    }
  }

  return results;
}

function assertRunning(target: RunningTarget, upstream: BenchUpstream): void {
  for (const child of [...target.processes, upstream.process]) {
    if (!child.running) {
      throw new Error(
        `${child.name} exited during the bench; see ${child.logFile}`,
      );
    }
  }
}

function buildResult(input: {
  options: BenchOptions;
  facts: ReturnType<typeof readMachineFacts>;
  loadAverageStart: number[];
  startedAt: Date;
  durationS: number;
  upstream: BenchUpstream;
  targets: ReadonlyMap<ConfigurationName, RunningTarget>;
  runs: ReadonlyMap<ConfigurationName, ClosedLoopRun[]>;
  openLoops: ReadonlyMap<ConfigurationName, readonly OpenLoopResult[]>;
  rss: ReadonlyMap<ConfigurationName, number[]>;
  policy: PolicyFigures | null;
  full: FullSetup;
  cursors: ReadonlyMap<ConfigurationName, FreshCursor>;
}): BenchResult {
  const { options, upstream } = input;
  const configurations: Partial<
    Record<ConfigurationName, ConfigurationResult>
  > = {};
  const directOpenLoops = input.openLoops.get('direct') ?? null;

  for (const configuration of CONFIGURATIONS) {
    const target = input.targets.get(configuration.name);
    if (configuration.kind === 'not-yet-measured' || !target) {
      configurations[configuration.name] = {
        status: `not yet measured: ${
          configuration.kind === 'not-yet-measured'
            ? configuration.reason
            : 'not started'
        }`,
        description: configuration.description,
      };
      continue;
    }

    configurations[configuration.name] = summarizeConfiguration(
      {
        description: configuration.description,
        measuredProcesses: target.measuredName,
        details:
          LOAD_OF.get(configuration.name) === 'tenant-header'
            ? target.details
            : {
                ...target.details,
                freshTokensResent:
                  input.cursors.get(configuration.name)?.reused ?? 0,
              },
        runs: input.runs.get(configuration.name) ?? [],
        openLoops: input.openLoops.get(configuration.name) ?? [],
        openLoopDurationS: options.openLoop.durationS,
        rssMb: input.rss.get(configuration.name) ?? [],
      },
      configuration.name === 'direct' ? null : directOpenLoops,
    );
  }
  const ratios = computeRatios(configurations);

  return {
    schema: 1,
    command: options.command,
    date: input.startedAt.toISOString(),
    duration_s: input.durationS,
    source:
      options.revision === null
        ? readSourceRevision(MEASURED_CODE)
        : { commit: options.revision, uncommitted: [] },
    machine: {
      ...input.facts,
      loadAverageStart: input.loadAverageStart,
      loadAverageEnd: loadAverage(),
    },
    method: {
      closedLoop:
        `${input.facts.wrk}, 1 thread, ${options.connections} keep-alive connections, ` +
        `${options.warmupS} s warm-up then ${options.durationS} s measured, ` +
        `median of ${options.runs} run(s), configurations interleaved per round`,
      openLoop:
        `${options.openLoop.rateRps} req/s on a fixed clock for ` +
        `${options.openLoop.durationS} s after ${options.openLoop.warmupS} s ` +
        "warm-up, latency from each request's due time, sent by a compiled C client on a timerfd (bench/matrix/open-loop/open-loop.c); " +
        `one window per configuration in each of ${options.runs} interleaved ` +
        "round(s), added latency the median over the rounds of each round's " +
        'difference from direct',
      pinning:
        `load generator on CPU ${options.loadCpu}, every server (cell-app and proxy) ` +
        `on CPU ${options.serverCpu} (taskset); PostgreSQL is not pinned`,
      requests:
        `GET ${PATH} with x-tenant-id rotating over ${upstream.tenantIds.length} tenants ` +
        `that snapshot v${upstream.snapshotVersion} (${upstream.tenantCount} tenants) ` +
        `places in cell ${upstream.cellId}`,
      tokens:
        `token configurations send \`authorization: Bearer\` with the token's tenant in x-tenant-id; ` +
        `60 % reuse a pool of ${input.options.poolTokens} tokens round-robin (every tenth ES256, the rest RS256, ` +
        `signed by the bench's own issuer), 40 % (all, for gateway_full_unique_tokens) take the next of ` +
        `${input.full.tokens.freshCount} pre-minted RS256 tokens, each configuration walking them in order across its runs ` +
        `and starting over only when it has sent them all (then counted as \`freshTokensResent\` in its details: ` +
        `a cycle longer than the gateway's 10,000-entry LRU cache of verified tokens never hits it, so each is verified again). ` +
        `All ${input.options.poolTokens + input.full.tokens.freshCount} tokens were signed before the first measurement ` +
        `(${Math.round(input.full.tokens.mintMs / 1000)} s)`,
      tenants: upstream.tenantIds,
      cpu: 'utime + stime from /proc/<pid>/stat of the measured process tree over the measured window, divided by requests',
    },
    configurations,
    ratios,
    policy: input.policy,
    goals: evaluateGoals({ configurations, ratios, policy: input.policy }),
  };
}

/** A reused token of `tenant` (the pool holds one per tenant at least). */
function poolHeaders(full: FullSetup, tenant: string): Record<string, string> {
  const entry = full.tokens.pool.find((each) => each.tenant === tenant);
  if (entry === undefined) throw new Error(`no token of tenant ${tenant}`);

  return { 'x-tenant-id': tenant, authorization: `Bearer ${entry.token}` };
}

/**
 * latest.json as JSON.stringify writes it (bench/results is not Prettier's),
 * and the doc through Prettier, so `npm run lint` stays clean after a run.
 */
async function writeReport(
  options: BenchOptions,
  result: BenchResult,
): Promise<void> {
  mkdirSync(dirname(options.outFile), { recursive: true });
  writeFileSync(options.outFile, `${JSON.stringify(result, null, 2)}\n`);

  let doc = '';
  try {
    doc = readFileSync(options.docFile, 'utf8');
  } catch {
    doc = '# Benchmarks\n';
  }
  const updated = replaceGeneratedSection(doc, renderResultsMarkdown(result));
  const config = await prettier.resolveConfig(options.docFile);
  writeFileSync(
    options.docFile,
    await prettier.format(updated, { ...config, parser: 'markdown' }),
  );
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error('bench: failed:', error);
    process.exitCode = 1;
  },
);
