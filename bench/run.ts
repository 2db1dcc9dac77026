/**
 * `npm run bench`: the action's reconcile, in-process, against the fake AWS with a simulated round
 * trip, scenario by scenario, against naive baselines. Prints Markdown tables (docs/performance.md
 * holds one run's output).
 *
 *   npm run bench -- [--rtt-ms 50] [--reps 5] [--skip-stock-waiter] [--cold-runs 9] [--only v2-converged|cold-start]
 *
 * --only runs one scenario (after the warm-up) and prints its row: the whole bench takes minutes.
 *
 * A benchmark is not a test: timings depend on the machine. `npm test` checks the call counts.
 */
import { readFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { parseArgs } from 'node:util'
import { DEFAULT_POLL } from '../src/workflow/wait.js'
import { startFakeAws, type FakeAws, type FakeAwsOptions } from '../test/fake-aws/index.js'
import { measureColdStart, type ColdStart } from './cold-start.js'
import { actionSchedule, simulate, stockSchedule } from './poll-schedule.js'
import { computedStockWait, stockWait, type StockWait } from './stock-waiter.js'
import {
  callsByOperation,
  deployedAt,
  manifestYaml,
  median,
  ratio,
  runAction,
  seconds,
  table,
  throttled,
  v2ManifestYaml,
  waves,
  withFake,
  writeManifest,
  type Run
} from './support.js'

const { values: args } = parseArgs({
  options: {
    'rtt-ms': { type: 'string', default: '50' },
    reps: { type: 'string', default: '5' },
    'cold-runs': { type: 'string', default: '9' },
    'skip-stock-waiter': { type: 'boolean', default: false },
    only: { type: 'string' }
  }
})
const ONLY_SCENARIOS = ['v2-converged', 'cold-start']
const ONLY = args.only
if (ONLY !== undefined && !ONLY_SCENARIOS.includes(ONLY)) throw new Error(`--only takes one of: ${ONLY_SCENARIOS.join(', ')}`)
const RTT = Number(args['rtt-ms'])
const REPS = Number(args.reps)
const COLD_RUNS = Number(args['cold-runs'])
if (!(RTT > 0) || !(REPS >= 1) || !(COLD_RUNS >= 1)) throw new Error('--rtt-ms, --reps and --cold-runs take positive numbers')

const progress = (message: string) => process.stderr.write(`bench: ${message}\n`)

interface Measured {
  scenario: string
  runs: Run[]
  /** Deployed → return, per run, when the scenario waits on a real deployment. */
  deployDelays?: number[]
  /** Said in the last column. */
  note?: string
}

const wall = (m: Measured) => median(m.runs.map((run) => run.wallMs))

function check(m: Measured): Measured {
  for (const run of m.runs) {
    if (run.error !== undefined) throw new Error(`${m.scenario}: the run failed`, { cause: run.error })
  }
  return m
}

function row(m: Measured): string[] {
  const last = m.runs[m.runs.length - 1]!
  const counts = new Set(m.runs.map((run) => run.calls.length))
  const calls = callsByOperation(last.calls) + (counts.size > 1 ? ` (total varies: ${[...counts].sort((a, b) => a - b).join('/')})` : '')
  const mutating = last.calls.filter((call) => call.mutating).length
  const failures = Math.max(...m.runs.map((run) => run.failures))
  return [
    m.scenario,
    String(m.runs.length),
    calls,
    String(mutating),
    (wall(m) / RTT).toFixed(1),
    m.runs.length > 1
      ? `${seconds(wall(m))} (${seconds(Math.min(...m.runs.map((run) => run.wallMs)))}–${seconds(Math.max(...m.runs.map((run) => run.wallMs)))})`
      : seconds(wall(m)),
    seconds(median(m.runs.map((run) => run.cpuMs))),
    m.deployDelays ? seconds(median(m.deployDelays)) : '—',
    [failures > 0 ? `${failures} failed` : '', m.note ?? ''].filter(Boolean).join('; ')
  ]
}

const fakeOptions = (extra: FakeAwsOptions = {}): FakeAwsOptions => ({ latencyMs: RTT, ...extra })

/** `reps` runs, each on a new fake prepared by `prepare` (unmeasured), then the measured run. */
async function fresh(
  scenario: string,
  reps: number,
  options: FakeAwsOptions,
  measure: (fake: FakeAws) => Promise<Run>,
  prepare?: (fake: FakeAws) => Promise<unknown>
): Promise<Measured> {
  const runs: Run[] = []
  for (let i = 0; i < reps; i++) {
    runs.push(
      await withFake(options, async (fake) => {
        if (prepare) await prepare(fake)
        return measure(fake)
      })
    )
  }
  return check({ scenario, runs })
}

/** `reps` measured reruns on one fake that `prepare` brought to the manifest's state. */
async function rerun(scenario: string, reps: number, measure: () => Promise<Run>): Promise<Measured> {
  const runs: Run[] = []
  for (let i = 0; i < reps; i++) runs.push(await measure())
  return check({ scenario, runs })
}

/**
 * A converged v2 channel on one fake: the channel's reads and the tag look-up in one wave, then one
 * GetDistribution. Any other shape is a regression, and the bench stops on it.
 */
async function convergedV2(manifest: string): Promise<Measured> {
  return withFake(fakeOptions(), async (fake) => {
    const created = await runAction(fake, manifest)
    if (created.error !== undefined || created.failures > 0) throw new Error('v2: creating the channel failed', { cause: created.error })
    const measured = await rerun('converged rerun (1 v2 channel, CMAF endpoint: HLS, LL-HLS, DASH)', REPS, () => runAction(fake, manifest))
    for (const run of measured.runs) {
      const writes = run.calls.filter((call) => call.mutating).length
      const gets = run.calls.filter((call) => call.operation === 'GetDistribution').length
      const trips = waves(run.calls)
      if (writes !== 0 || gets !== 1 || trips !== 2)
        throw new Error(`${measured.scenario}: ${writes} writes, ${gets} GetDistribution, ${trips} round trips; expected 0, 1 and 2`)
    }
    return { ...measured, note: `call log: ${waves(measured.runs[0]!.calls)} waves` }
  })
}

const HEADER = ['scenario', 'runs', 'API calls (total: by operation)', 'mutating', 'round trips (wall / RTT)', 'wall (min–max)', 'CPU', 'Deployed → return', '']

function machine(): string {
  const cpuinfo = (() => {
    try {
      return readFileSync('/proc/cpuinfo', 'utf8')
    } catch {
      return ''
    }
  })()
  const model = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown'
  return `${cpus().length} CPUs (nproc), ${model}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`
}

function coldStartLine(cold: ColdStart | undefined): string {
  if (!cold) return 'Cold start: dist/index.js not found (run `npm run bundle`).'
  const extra = cold.bundleMs - cold.bareMs
  return (
    `Cold start, median of ${cold.runs} interleaved runs: \`node dist/index.js\` (no inputs, exits ${cold.bundleExit} at the missing manifest) ` +
    `${seconds(cold.bundleMs)} vs \`node -e 0\` ${seconds(cold.bareMs)}: +${seconds(extra)} (target < +300 ms), ` +
    `${ratio(cold.bundleMs, cold.bareMs)}; bundle ${(cold.bundleBytes / 1024 / 1024).toFixed(2)} MiB (${cold.bundleBytes} bytes).`
  )
}

const machineLine = () =>
  `Machine: ${machine()}. Simulated round trip: ${RTT} ms. Medians of ${REPS} runs unless the runs column says otherwise. CPU is this process's user + system time during the run: the action's and the in-process fake's.`

/** `--only <scenario>`: that scenario alone (the v2 one after its own warm-up). */
async function only(scenario: string): Promise<void> {
  const started = performance.now()
  const out: string[] = [machineLine(), '']
  if (scenario === 'cold-start') {
    progress(`cold start (${COLD_RUNS} runs each)`)
    out.push(coldStartLine(measureColdStart(COLD_RUNS)))
  } else {
    const v2 = writeManifest(v2ManifestYaml())
    await withFake({}, async (fake) => {
      await runAction(fake, v2)
      await runAction(fake, v2)
    })
    progress('v2 converged')
    out.push(table(HEADER, [row(await convergedV2(v2))]))
  }
  out.push('', `Bench took ${seconds(performance.now() - started)}.`)
  process.stdout.write(out.join('\n') + '\n')
}

async function main(): Promise<void> {
  const started = performance.now()
  const one = writeManifest(manifestYaml(1))
  const v2 = writeManifest(v2ManifestYaml())
  const oneThree = writeManifest(manifestYaml(1, ['hls', 'dash', 'cmaf']))
  const ten = writeManifest(manifestYaml(10))
  const c = (n: number) => ({ 'max-concurrency': String(n) })

  // Warm-up (unmeasured): JIT, and the SDK's lazily imported modules (credential providers, …).
  await withFake({}, async (fake) => {
    await runAction(fake, one)
    await runAction(fake, one)
    await runAction(fake, ten)
    await runAction(fake, ten)
  })
  await withFake({}, async (fake) => {
    await runAction(fake, v2)
    await runAction(fake, v2)
  })

  progress('one channel')
  const create = await fresh('create from scratch (1 channel, 4 endpoints)', REPS, fakeOptions(), (fake) => runAction(fake, one))
  const convergedOne = await withFake(fakeOptions(), async (fake) => {
    await runAction(fake, one)
    return rerun('converged rerun (1 channel)', REPS, () => runAction(fake, one))
  })
  const addEndpoint = await fresh(
    'add one endpoint (mss to hls, dash, cmaf)',
    REPS,
    fakeOptions(),
    (fake) => runAction(fake, one),
    (fake) => runAction(fake, oneThree)
  )
  const convergedV2One = await convergedV2(v2)

  progress('ten channels')
  const tenScratch = await fresh('10 channels from scratch, max-concurrency 10', REPS, fakeOptions(), (fake) => runAction(fake, ten, c(10)))
  const tenScratchSerial = await fresh('10 channels from scratch, max-concurrency 1', REPS, fakeOptions(), (fake) => runAction(fake, ten, c(1)))
  const [tenConverged, tenConvergedSerial] = await withFake(fakeOptions(), async (fake) => {
    await runAction(fake, ten)
    return [
      await rerun('10 channels converged, max-concurrency 10', REPS, () => runAction(fake, ten, c(10))),
      await rerun('10 channels converged, max-concurrency 1', REPS, () => runAction(fake, ten, c(1)))
    ]
  })

  progress('500 other distributions (the scan baseline takes ~500 round trips)')
  const [bigAccount, bigScan] = await withFake(fakeOptions(), async (fake) => {
    fake.seedDistributions(500)
    await runAction(fake, one)
    const tagging = await rerun('converged rerun, 500 other distributions (Tagging API)', REPS, () => runAction(fake, one))
    fake.faults.add({ service: 'tagging', operation: 'GetResources', error: 'access-denied' })
    // One run: ~500 sequential round trips, so the run-to-run noise is small next to it.
    const denied = await runAction(fake, one)
    // The fallback is the action's own behaviour (test/integration/performance.test.ts): if it breaks, the bench says so.
    if (denied.error !== undefined || denied.failures !== 0)
      throw new Error('with tag:GetResources denied the action failed instead of falling back to the scan')
    if (denied.warnings.length !== 1) throw new Error(`the scan run warned ${denied.warnings.length} times, expected once`)
    return [tagging, { scenario: 'baseline: same, tag:GetResources denied (scan fallback)', runs: [denied] }]
  })

  // The action's 20 s wait and the stock waiter's minute run side by side (both mostly sleep): the stock
  // waiter's client names the fake's endpoint itself, apart from the action's clients.
  progress(
    args['skip-stock-waiter']
      ? 'Deployed after 20 s (~25 s); stock waiter computed from its schedule'
      : 'Deployed after 20 s, and the stock waiter for real (~60 s)'
  )
  const deploy = { deployDelayMs: 20_000 }
  const stockFake = await startFakeAws({ seed: 7, ...fakeOptions(deploy) })
  const actionFake = await startFakeAws({ seed: 7, ...fakeOptions(deploy) })
  let stock: StockWait
  let stockMeasured: Measured
  let deployed: Measured
  try {
    const noWait = await runAction(stockFake, one, { wait: 'false' })
    const id = noWait.execution.result!.channels[0]!.distributionId!
    const stockDeployedAt = deployedAt(stockFake, noWait)!
    const waiting = args['skip-stock-waiter'] ? Promise.resolve(computedStockWait(Date.now(), stockDeployedAt, RTT)) : stockWait(stockFake, id)
    const run = await runAction(actionFake, one, {}, { poll: DEFAULT_POLL })
    deployed = check({
      scenario: 'Deployed after 20 s (create, then wait; action poll schedule)',
      runs: [run],
      deployDelays: [run.endedAt - deployedAt(actionFake, run)!]
    })
    stock = await waiting
    // Calls: the action's and the waiter's GetDistribution checks. CPU: the action's part only.
    const calls = stock.computed ? noWait.calls : [...stockFake.calls]
    const combined: Run = { ...noWait, calls, wallMs: noWait.wallMs + stock.waitMs, endedAt: stock.endedAt }
    stockMeasured = check({
      scenario: `baseline: same, wait: false + stock waitUntilDistributionDeployed${stock.computed ? ' (computed)' : ''}`,
      runs: [combined],
      deployDelays: [stock.endedAt - stockDeployedAt]
    })
  } finally {
    await stockFake.close()
    await actionFake.close()
  }

  // The one measured 20 s wait above is one draw of the jitter; the schedules themselves, simulated:
  const at20 = () => 20_000
  const anyTime = (random: () => number) => 60_000 + random() * 14 * 60_000 // Deployed 1–15 min after the change
  const schedules = [
    ['Deployed 20 s after the change', simulate(actionSchedule(), false, at20, RTT), simulate(stockSchedule(), true, at20, RTT)],
    ['Deployed 1–15 min after the change (uniform)', simulate(actionSchedule(), false, anyTime, RTT), simulate(stockSchedule(), true, anyTime, RTT)]
  ] as const

  progress('throttling grid (10 channels from scratch)')
  const rates = [5, 10, 20, 50]
  const bounds = [1, 5, 10]
  const grid: string[][] = []
  for (const rate of [undefined, ...rates]) {
    const cells: string[] = [rate === undefined ? 'no limit' : `${rate}/s`]
    for (const bound of bounds) {
      const run = await withFake(fakeOptions(rate === undefined ? {} : { rateLimitPerSecond: rate }), (fake) => runAction(fake, ten, c(bound)))
      const failed = run.error !== undefined ? 'run failed' : run.failures > 0 ? `${run.failures} ch failed` : ''
      cells.push(`${seconds(run.wallMs)} · ${throttled(run.calls)} throttled / ${run.calls.length}${failed ? ` · ${failed}` : ''}`)
    }
    grid.push(cells)
  }

  progress('wait and the concurrency bound (4 channels, Deployed after 2 s)')
  const four = writeManifest(manifestYaml(4, ['hls']))
  const slot: string[][] = []
  for (const bound of [4, 2]) {
    const run = await withFake(fakeOptions({ deployDelayMs: 2000 }), (fake) => runAction(fake, four, c(bound), { poll: DEFAULT_POLL }))
    if (run.error !== undefined) throw new Error('wait/bound: the run failed', { cause: run.error })
    slot.push([`4 channels created, Deployed 2 s after each create, max-concurrency ${bound}`, seconds(run.wallMs)])
  }

  progress('teardown (1 channel, 4 endpoints; the disable Deployed after 2 s)')
  const retired = writeManifest('version: 1\nregion: us-west-2\nchannels:\n  - id: news\n    state: absent\n')
  const teardown: Run[] = []
  const deployedToDelete: number[] = []
  for (let i = 0; i < REPS; i++) {
    await withFake(fakeOptions(), async (fake) => {
      await runAction(fake, one)
      for (const distribution of fake.state.distributions.values()) distribution.inProgressUntil = 0
      fake.state.deployDelayMs = 2000
      // When the disable became Deployed, read just before the distribution (and its record) is gone.
      let deployedAtMs = NaN
      fake.onOperation((_service, operation) => {
        if (operation === 'DeleteDistribution') deployedAtMs = [...fake.state.distributions.values()][0]!.inProgressUntil
      })
      const run = await runAction(fake, retired, { 'allow-delete': 'true' }, { poll: DEFAULT_POLL })
      if (run.error !== undefined || run.failures > 0) throw new Error('teardown: the run failed', { cause: run.error })
      if (fake.state.channels.size + fake.state.endpoints.size + fake.state.distributions.size > 0) throw new Error('teardown: something is left')
      const deleted = run.calls.find((call) => call.operation === 'DeleteDistribution')!
      deployedToDelete.push(deleted.start - deployedAtMs)
      teardown.push(run)
    })
  }
  const teardownWaited = median(teardown.map((run) => run.execution.result!.channels[0]!.waitedMs ?? 0))

  progress(`cold start (${COLD_RUNS} runs each)`)
  const cold = measureColdStart(COLD_RUNS)

  // ---- report ----
  const out: string[] = []
  out.push(machineLine(), '')
  out.push(
    table(
      HEADER,
      [
        create,
        convergedOne,
        addEndpoint,
        convergedV2One,
        tenScratch,
        tenScratchSerial,
        tenConverged,
        tenConvergedSerial,
        bigAccount,
        bigScan,
        deployed,
        stockMeasured
      ].map(row)
    ),
    ''
  )

  const delay = (m: Measured) => median(m.deployDelays ?? [])
  const callsOf = (m: Measured) => m.runs[m.runs.length - 1]!.calls.length
  const ratios: string[][] = [
    [
      'Deployed → return, 20 s deployment',
      seconds(delay(deployed)),
      `${seconds(delay(stockMeasured))} (stock waiter${stock.computed ? ', computed' : ''})`,
      ratio(delay(stockMeasured), delay(deployed))
    ],
    [
      'whole run, 20 s deployment',
      seconds(wall(deployed)),
      `${seconds(wall(stockMeasured))} (stock waiter${stock.computed ? ', computed' : ''})`,
      ratio(wall(stockMeasured), wall(deployed))
    ],
    [
      'API calls, converged rerun, 500 other distributions',
      String(callsOf(bigAccount)),
      `${callsOf(bigScan)} (ListDistributions scan)`,
      ratio(callsOf(bigScan), callsOf(bigAccount))
    ],
    [
      'wall, converged rerun, 500 other distributions',
      seconds(wall(bigAccount)),
      `${seconds(wall(bigScan))} (ListDistributions scan)`,
      ratio(wall(bigScan), wall(bigAccount))
    ],
    [
      'wall, 10 channels from scratch',
      seconds(wall(tenScratch)),
      `${seconds(wall(tenScratchSerial))} (max-concurrency 1)`,
      ratio(wall(tenScratchSerial), wall(tenScratch))
    ],
    [
      'wall, 10 channels converged',
      seconds(wall(tenConverged)),
      `${seconds(wall(tenConvergedSerial))} (max-concurrency 1)`,
      ratio(wall(tenConvergedSerial), wall(tenConverged))
    ],
    ['10 channels vs 1, from scratch (target < 2×)', seconds(wall(tenScratch)), `${seconds(wall(create))} (1 channel)`, ratio(wall(tenScratch), wall(create))],
    [
      '10 channels vs 1, converged (target < 2×)',
      seconds(wall(tenConverged)),
      `${seconds(wall(convergedOne))} (1 channel)`,
      ratio(wall(tenConverged), wall(convergedOne))
    ]
  ]
  out.push('Against the naive baselines (ratio = baseline / action; the last two rows are 10 channels / 1 channel):', '')
  out.push(table(['comparison', 'action', 'baseline', 'ratio'], ratios), '')

  const stats = (d: { median: number; p95: number; max: number }) => `${seconds(d.median)} / ${seconds(d.p95)} / ${seconds(d.max)}`
  out.push(`Deployed → return from the poll schedules alone (20 000 simulated draws of the jitter, RTT ${RTT} ms; median / p95 / max):`, '')
  out.push(
    table(
      ['deployment', 'action (DEFAULT_POLL)', 'stock waiter (60 s min delay)', 'ratio of medians'],
      schedules.map(([name, action, stockStats]) => [name, stats(action), stats(stockStats), ratio(stockStats.median, action.median)])
    ),
    ''
  )

  out.push(
    'Throttling: 10 channels from scratch (70 MediaPackage calls), per-service token bucket in the fake; one run per cell: wall · throttled answers / all calls.',
    ''
  )
  out.push(table(['rate limit', ...bounds.map((bound) => `max-concurrency ${bound}`)], grid), '')

  out.push('Waiting for Deployed inside the concurrency bound (action poll schedule; one run each):', '')
  out.push(table(['scenario', 'wall'], slot), '')

  const lastTeardown = teardown[teardown.length - 1]!
  out.push(
    `Teardown: one channel with 4 endpoints retired (\`state: absent\`, allow-delete), its disable Deployed 2 s after the UpdateDistribution; action poll schedule; median of ${REPS} runs:`,
    ''
  )
  out.push(
    table(
      ['API calls (total: by operation)', 'mutating', 'round trips outside the wait ((wall − waited) / RTT)', 'Deployed → DeleteDistribution', 'wall'],
      [
        [
          callsByOperation(lastTeardown.calls),
          String(lastTeardown.calls.filter((call) => call.mutating).length),
          ((median(teardown.map((run) => run.wallMs)) - teardownWaited) / RTT).toFixed(1),
          `${seconds(median(deployedToDelete))} (max ${seconds(Math.max(...deployedToDelete))})`,
          seconds(median(teardown.map((run) => run.wallMs)))
        ]
      ]
    ),
    ''
  )

  out.push(coldStartLine(cold))
  out.push('', `Bench took ${seconds(performance.now() - started)}.`)
  process.stdout.write(out.join('\n') + '\n')
}

await (ONLY === undefined ? main() : only(ONLY))
