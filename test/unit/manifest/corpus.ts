/**
 * The manifest fixtures, read once for every test that needs them.
 *
 * A bad fixture states what the loader must report in header comments, one line per problem, in file
 * order (`line:col` then a piece of the message):
 *
 *   # expect: 9:11 unknown key `segment-duraton-seconds` in channels[0].endpoints[0].hls
 *   # schema: accepts
 *
 * `# schema:` says how the published JSON Schema sees the file: `rejects` (the default: the problem is
 * expressible in JSON Schema), `accepts` (a rule only the code can check, like unique ids) or `n/a`
 * (the file is not YAML data a schema could see: syntax, aliases, duplicate keys…).
 * A file that cannot carry comments (the empty file) has them in `<name>.expected.txt` instead.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const FIXTURES = 'test/fixtures/manifests'
const root = fileURLToPath(new URL('../../../', import.meta.url))

export interface Expectation {
  at: string
  text: string
}

export interface Fixture {
  name: string
  /** Path relative to the repository root, as problems report it. */
  file: string
  text: string
}

export interface BadFixture extends Fixture {
  expectations: Expectation[]
  schema: 'rejects' | 'accepts' | 'n/a'
}

function read(kind: 'good' | 'bad'): Fixture[] {
  const dir = `${FIXTURES}/${kind}`
  return readdirSync(`${root}${dir}`)
    .filter((name) => name.endsWith('.yml'))
    .sort()
    .map((name) => ({ name: name.replace(/\.yml$/, ''), file: `${dir}/${name}`, text: readFileSync(`${root}${dir}/${name}`, 'utf8') }))
}

export function goodFixtures(): Fixture[] {
  return read('good')
}

export function badFixtures(): BadFixture[] {
  return read('bad').map((fixture) => {
    const sidecar = `${root}${FIXTURES}/bad/${fixture.name}.expected.txt`
    const header = existsSync(sidecar) ? readFileSync(sidecar, 'utf8') : fixture.text
    const expectations = [...header.matchAll(/^# expect: (\d+:\d+) (.+)$/gm)].map(([, at, text]) => ({ at: at!, text: text! }))
    const schema = /^# schema: (rejects|accepts|n\/a)$/m.exec(header)?.[1] ?? 'rejects'
    return { ...fixture, expectations, schema: schema as BadFixture['schema'] }
  })
}

export function repoPath(relative: string): string {
  return `${root}${relative}`
}
