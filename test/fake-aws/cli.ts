/**
 * Runs the fake AWS on its own, for the demo, the e2e tests and CI:
 *
 *   npx tsx test/fake-aws/cli.ts --port 4566 --latency-ms 0 --deploy-delay-ms 2000
 *
 * When it is listening it prints one JSON line, `{"url": …, "env": {…}}`, on stdout; export `env` to
 * point the SDK (and the action) at it. With --shell (what `npm run fake-aws` uses) it prints that
 * environment as `export` lines for a person to paste into another terminal instead. Stops on
 * SIGTERM or SIGINT. Logs go to stderr.
 */
import { parseArgs } from 'node:util'
import { startFakeAws, type FakeAwsOptions } from './index.js'

const USAGE = `usage: tsx test/fake-aws/cli.ts [options]
  --port N                 port to listen on (default: a free port)
  --host ADDRESS           interface (default 127.0.0.1)
  --region R               MediaPackage Region (default us-west-2)
  --account-id ID          account id in ARNs (default 123456789012)
  --latency-ms N           delay before every response (default 0)
  --deploy-delay-ms N      how long a distribution stays InProgress (default 0)
  --page-size N            max items per List page (default: AWS defaults)
  --rate-limit N           calls per second per service before throttling (default: none)
  --seed N                 seed for ids and fault probabilities
  --seed-distributions N   create N unrelated distributions first
  --log-calls              print each call as a JSON line on stderr
  --shell                  print the environment as shell \`export\` lines (and how to use them), not JSON`

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) {
    process.stderr.write(`--${name} must be a non-negative integer, not "${value}"\n${USAGE}\n`)
    process.exit(2)
  }
  return n
}

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    region: { type: 'string' },
    'account-id': { type: 'string' },
    'latency-ms': { type: 'string' },
    'deploy-delay-ms': { type: 'string' },
    'page-size': { type: 'string' },
    'rate-limit': { type: 'string' },
    seed: { type: 'string' },
    'seed-distributions': { type: 'string' },
    'log-calls': { type: 'boolean' },
    shell: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' }
  }
})

if (values.help) {
  process.stdout.write(`${USAGE}\n`)
  process.exit(0)
}

const options: FakeAwsOptions = {}
const set = <K extends keyof FakeAwsOptions>(key: K, value: FakeAwsOptions[K] | undefined) => {
  if (value !== undefined) options[key] = value
}
set('port', integer('port', values.port))
set('host', values.host)
set('region', values.region)
set('accountId', values['account-id'])
set('latencyMs', integer('latency-ms', values['latency-ms']))
set('deployDelayMs', integer('deploy-delay-ms', values['deploy-delay-ms']))
set('pageSize', integer('page-size', values['page-size']))
set('rateLimitPerSecond', integer('rate-limit', values['rate-limit']))
set('seed', integer('seed', values.seed))

const fake = await startFakeAws(options).catch((error: unknown) => {
  if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error
  process.stderr.write(`fake-aws: port ${options.port} is in use (another fake AWS?): stop it, or pick another with --port N\n`)
  process.exit(1)
})
fake.seedDistributions(integer('seed-distributions', values['seed-distributions']) ?? 0)
if (values['log-calls']) {
  fake.onOperation((service, operation) => {
    process.stderr.write(`${JSON.stringify({ service, operation, at: new Date().toISOString() })}\n`)
  })
}
process.stdout.write(values.shell ? shellLines(fake.url, fake.env) : `${JSON.stringify({ url: fake.url, env: fake.env })}\n`)

/** What a person pastes into another terminal to point the CLI at the fake; the rest are comments. */
function shellLines(url: string, env: Record<string, string>): string {
  const quote = (value: string) => (/^[\w./:@-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`)
  return [
    `# The fake AWS is listening on ${url} (Ctrl-C stops it). In another terminal, paste:`,
    ...Object.entries(env).map(([name, value]) => `export ${name}=${quote(value)}`),
    '# then, in a clone of this repository (no AWS account is involved):',
    '#   npx mediapackage-cloudfront plan --manifest examples/hls-channel.yml',
    '#   npx mediapackage-cloudfront apply --manifest examples/hls-channel.yml',
    ''
  ].join('\n')
}

let stopping = false
const stop = (signal: string) => {
  if (stopping) return
  stopping = true
  process.stderr.write(`fake-aws: ${signal}, stopping\n`)
  fake.close().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`fake-aws: ${String(error)}\n`)
      process.exit(1)
    }
  )
}
process.on('SIGTERM', () => stop('SIGTERM'))
process.on('SIGINT', () => stop('SIGINT'))
