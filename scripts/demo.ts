/**
 * `npm run demo [-- examples/<manifest>.yml]`: the action's main job on a fresh clone, no AWS account.
 *
 * Starts the fake AWS in this process, runs the committed bundle (`node dist/index.js`) exactly as a
 * GitHub runner does (INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files), prints the log,
 * the outputs and the job summary, shows what now exists in the fake account, then runs the action a
 * second time and shows from the fake's call log that the rerun wrote nothing. Exits non-zero if any
 * of that did not hold.
 */
import { existsSync, readFileSync } from 'node:fs'
import { relative, resolve } from 'node:path'
import { parse } from 'yaml'
import { BUNDLE, runBundle, type RunnerResult } from '../test/e2e/runner.js'
import { startFakeAws, type FakeAws, type FakeCall } from '../test/fake-aws/index.js'

const DEFAULT_MANIFEST = 'examples/all-packagings.yml'
const ASSOC_TAG = 'mediapackage:cloudfront_assoc'
const CACHE_POLICIES: Record<string, string> = { '08627262-05a9-4f76-9ded-b50ca2e3a84f': 'Elemental-MediaPackage' }

const color = process.stdout.isTTY && !process.env.NO_COLOR
const paint = (code: string) => (text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text)
const bold = paint('1')
const dim = paint('2')
const green = paint('32')
const red = paint('31')
const yellow = paint('33')

const failures: string[] = []
function check(ok: boolean, what: string): void {
  if (!ok) failures.push(what)
}

function heading(text: string): void {
  console.log(`\n${bold(`━━ ${text} ${'━'.repeat(Math.max(0, 74 - text.length))}`)}`)
}

/**
 * The bundle's stdout as the Actions log viewer shows it: workflow commands become readable lines and
 * `::add-mask::` values are swallowed and masked, as the runner does.
 */
function renderLog(stdout: string): string[] {
  const masks: string[] = []
  const out: string[] = []
  let indent = '  '
  const mask = (text: string): string => masks.reduce((line, secret) => line.split(secret).join('***'), text)
  for (const raw of stdout.split('\n')) {
    if (raw === '') continue
    const command = /^::([a-z-]+)( [^:]*)?::(.*)$/.exec(raw)
    if (!command) {
      out.push(`${indent}${mask(raw)}`)
      continue
    }
    const [, name, params = '', message = ''] = command
    if (name === 'add-mask') masks.push(message)
    else if (name === 'group') {
      out.push(`  ${bold(`▾ ${message}`)}`)
      indent = '    '
    } else if (name === 'endgroup') indent = '  '
    else if (name === 'error') out.push(`  ${red(`Error${params ? ` (${params.trim()})` : ''}: ${mask(message)}`)}`)
    else if (name === 'warning') out.push(`  ${yellow(`Warning: ${mask(message)}`)}`)
    else if (name === 'debug') continue
    else out.push(`${indent}${mask(raw)}`)
  }
  return out
}

function printOutputs(outputs: Record<string, string>): void {
  for (const name of ['cdn-url', 'distribution-id', 'distribution-domain', 'distribution-status', 'channel-arn', 'changed']) {
    console.log(`  ${name.padEnd(20)} ${outputs[name] ?? red('(not set)')}`)
  }
  const playback = JSON.parse(outputs['playback-urls'] ?? '{}') as Record<string, string>
  console.log(`  ${'playback-urls'.padEnd(20)} (JSON object, endpoint id → playback URL through the CDN)`)
  for (const [id, url] of Object.entries(playback)) console.log(`    ${id.padEnd(26)} ${url}`)
  const changes = JSON.parse(outputs.changes ?? '[]') as { channel: string; resource: string; id: string; action: string; details: string[] }[]
  console.log(`  ${'changes'.padEnd(20)} (JSON array, one object per resource)`)
  for (const change of changes) {
    const details = change.details.length > 0 ? dim(`  ${change.details.join('; ')}`) : ''
    console.log(`    ${change.action.padEnd(9)} ${change.resource.padEnd(12)} ${change.id}${details}`)
  }
  const channels = JSON.parse(outputs.channels ?? '[]') as unknown[]
  console.log(`  ${'channels'.padEnd(20)} (JSON array, ${channels.length} channel(s), all of the above per channel):`)
  for (const line of JSON.stringify(channels, null, 2).split('\n')) console.log(`    ${dim(line)}`)
}

function packagingOf(endpoint: Record<string, unknown>): string {
  return ['Hls', 'Dash', 'Cmaf', 'Mss'].find((name) => endpoint[`${name}Package`] !== undefined)?.toUpperCase() ?? '?'
}

/** What the run left in the fake account, read straight from its state (not from the action's report). */
function printFakeAccount(fake: FakeAws, outputs: Record<string, string>): void {
  for (const channel of fake.state.channels.values()) {
    console.log(`  MediaPackage channel ${bold(channel.Id)}`)
    console.log(`    ARN                  ${channel.Arn}`)
    for (const endpoint of fake.state.endpoints.values()) {
      if (endpoint.ChannelId !== channel.Id) continue
      const urls = [endpoint.Url, ...(endpoint.CmafPackage?.HlsManifests ?? []).map((manifest) => manifest.Url)].filter(Boolean)
      console.log(`    endpoint             ${endpoint.Id} (${packagingOf(endpoint as unknown as Record<string, unknown>)}) ${dim(urls.join(' '))}`)
    }
    const linked = [...fake.state.distributions.values()].filter((d) => d.tags[ASSOC_TAG] === channel.Arn)
    check(linked.length === 1, `channel ${channel.Id}: expected exactly one distribution tagged ${ASSOC_TAG}=<its ARN>, found ${linked.length}`)
    for (const distribution of linked) {
      const config = distribution.config
      const status = fake.state.distributionStatus(distribution)
      check(status === 'Deployed', `distribution ${distribution.Id} is ${status}, not Deployed`)
      console.log(`  CloudFront distribution ${bold(distribution.Id)} (${distribution.DomainName}), ${status}`)
      console.log(`    tag                  ${ASSOC_TAG} = ${distribution.tags[ASSOC_TAG]}  ${green('= the channel ARN')}`)
      console.log(`    CallerReference      ${config.CallerReference}`)
      for (const origin of config.Origins?.Items ?? []) {
        const shield = origin.OriginShield?.Enabled ? `, Origin Shield ${origin.OriginShield.OriginShieldRegion}` : ''
        // Header names only: a value may be the CDN authorization secret.
        const headers = (origin.CustomHeaders?.Items ?? []).map((header) => header.HeaderName).join(', ')
        console.log(
          `    origin               ${origin.Id} → ${origin.DomainName} (${origin.CustomOriginConfig?.OriginProtocolPolicy ?? 'S3'}${shield}${headers ? `, headers ${headers}` : ''})`
        )
      }
      if (config.Aliases?.Items?.length) {
        const certificate = config.ViewerCertificate
        console.log(
          `    aliases              ${config.Aliases.Items.join(', ')} (${certificate?.ACMCertificateArn}, ${certificate?.SSLSupportMethod}, ${certificate?.MinimumProtocolVersion})`
        )
      }
      const describe = (behavior: { TargetOriginId?: string; ViewerProtocolPolicy?: string; CachePolicyId?: string; SmoothStreaming?: boolean }): string =>
        `→ ${behavior.TargetOriginId}, ${behavior.ViewerProtocolPolicy}, cache policy ${CACHE_POLICIES[behavior.CachePolicyId ?? ''] ?? behavior.CachePolicyId ?? 'legacy'}` +
        (behavior.SmoothStreaming ? ', Smooth Streaming' : '')
      for (const behavior of config.CacheBehaviors?.Items ?? []) console.log(`    behavior ${behavior.PathPattern!.padEnd(12)}${describe(behavior)}`)
      if (config.DefaultCacheBehavior) console.log(`    default behavior     ${describe(config.DefaultCacheBehavior)}`)
      const errorTtls = [...new Set((config.CustomErrorResponses?.Items ?? []).map((item) => item.ErrorCachingMinTTL))]
      console.log(`    error caching        ${(config.CustomErrorResponses?.Items ?? []).map((item) => item.ErrorCode).join(', ')}: ${errorTtls.join('/')} s`)
    }
  }
  console.log(`\n  CDN URL: ${bold(outputs['cdn-url'] ?? '')}`)
  const first = Object.values(JSON.parse(outputs['playback-urls'] ?? '{}') as Record<string, string>)[0]
  if (first) console.log(`  e.g.     ${first}`)
}

function callCounts(calls: readonly FakeCall[]): string {
  const counts = new Map<string, number>()
  for (const call of calls) counts.set(`${call.service}:${call.operation}`, (counts.get(`${call.service}:${call.operation}`) ?? 0) + 1)
  return [...counts].map(([name, n]) => (n > 1 ? `${name} ×${n}` : name)).join(', ')
}

function printRun(result: RunnerResult): void {
  for (const line of renderLog(result.stdout)) console.log(line)
  // Node's own notices (e.g. the SDK's note about the local Node version; runners use node24).
  if (result.stderr.trim()) for (const line of result.stderr.trim().split('\n')) console.log(dim(`  stderr: ${line}`))
  console.log(dim(`  (exit code ${result.code})`))
}

async function main(): Promise<number> {
  const manifest = process.argv[2] ?? DEFAULT_MANIFEST
  if (!existsSync(BUNDLE)) {
    console.error(`${BUNDLE} is missing: run \`npm run bundle\` first (it is committed, so a clone normally has it).`)
    return 1
  }
  if (!existsSync(manifest)) {
    console.error(`manifest ${manifest} not found; try one of examples/*.yml`)
    return 1
  }
  const region = (parse(readFileSync(manifest, 'utf8')) as { region?: string }).region ?? 'us-west-2'
  const started = Date.now()
  // A short deployment (real ones take minutes) and a little latency, so the wait is visible.
  const fake = await startFakeAws({ region, deployDelayMs: 3000, latencyMs: 20 })
  try {
    const workspace = process.cwd()
    const inputs = { manifest: relative(workspace, resolve(manifest)), 'wait-timeout-minutes': '2' }
    console.log(bold('MediaPackage + CloudFront action: demo against the built-in fake AWS (no AWS account)'))
    console.log(dim(`fake AWS on ${fake.url} (region ${region}); running \`node ${relative(workspace, BUNDLE)}\` as a runner would`))
    console.log(dim(`with INPUT_MANIFEST=${inputs.manifest} INPUT_WAIT-TIMEOUT-MINUTES=2 and the fake's AWS_ENDPOINT_URL_* variables`))

    heading('1. First run: the action log')
    const first = await runBundle(inputs, fake.env, workspace)
    printRun(first)
    check(first.code === 0, `first run exited with ${first.code}`)
    if (first.code !== 0) return verdict(started)
    const firstCalls = [...fake.calls]
    const writes = firstCalls.filter((call) => call.mutating)
    console.log(dim(`  AWS calls: ${firstCalls.length} (${writes.length} writes: ${callCounts(writes)})`))

    heading('2. Step outputs (GITHUB_OUTPUT)')
    printOutputs(first.outputs)
    check(first.outputs.changed === 'true', 'first run: output changed is not true')
    check(first.outputs['cdn-url']?.startsWith('https://') === true, 'first run: no cdn-url output')

    heading('3. Job summary (GITHUB_STEP_SUMMARY, Markdown)')
    for (const line of first.summary.trimEnd().split('\n')) console.log(`  ${line}`)

    heading('4. What now exists in the fake AWS account')
    printFakeAccount(fake, first.outputs)

    heading('5. Second run on the converged account')
    fake.resetCalls()
    const rerun = await runBundle(inputs, fake.env, workspace)
    printRun(rerun)
    const rerunWrites = fake.calls.filter((call) => call.mutating)
    const reads = fake.calls.filter((call) => !call.mutating)
    console.log(`\n  rerun: ${bold(`${rerunWrites.length} write calls`)}, ${reads.length} read calls (${callCounts(reads)}); changed=${rerun.outputs.changed}`)
    check(rerun.code === 0, `rerun exited with ${rerun.code}`)
    check(rerunWrites.length === 0, `rerun made write calls: ${callCounts(rerunWrites)}`)
    check(rerun.outputs.changed === 'false', 'rerun: output changed is not false')
    check(rerun.outputs['distribution-id'] === first.outputs['distribution-id'], 'rerun reported another distribution')
  } finally {
    await fake.close()
  }

  return verdict(started)
}

function verdict(started: number): number {
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  if (failures.length > 0) {
    console.log(`\n${red(bold('Demo FAILED:'))}`)
    for (const failure of failures) console.log(red(`  - ${failure}`))
    return 1
  }
  console.log(`\n${green(bold(`Demo OK in ${seconds} s.`))} Try another manifest: npm run demo -- examples/<name>.yml`)
  return 0
}

process.exitCode = await main()
