import { describe, expect, it } from '@jest/globals'
import { cliEdge } from '../../src/action/edge.js'
import { UserError } from '../../src/errors.js'
import { parseInputs } from '../../src/action/inputs.js'
import { resolveRegion, selectChannels } from '../../src/action/run.js'
import type { Manifest } from '../../src/manifest/definition.js'

const read = (values: Record<string, string>) => (name: string) => values[name] ?? ''

describe('action inputs', () => {
  it('fills the documented defaults when inputs are empty', () => {
    expect(parseInputs(read({}))).toEqual({
      manifest: '.github/mediapackage.yml',
      awsRegion: undefined,
      mode: 'apply',
      wait: true,
      waitTimeoutMinutes: 30,
      channels: undefined,
      maxConcurrency: 10,
      summaryDetail: 'full',
      allowDelete: false,
      viewerGuardMinutes: 15
    })
  })

  it('takes summary-detail full or minimal, and refuses anything else saying what each means', () => {
    expect(parseInputs(read({ 'summary-detail': 'minimal' })).summaryDetail).toBe('minimal')
    expect(parseInputs(read({ 'summary-detail': ' full ' })).summaryDetail).toBe('full')
    expect(() => parseInputs(read({ 'summary-detail': 'none' }))).toThrow(
      'Input summary-detail: "none" is not valid; use full (everything) or minimal (no origin hosts, ingest URLs or ingest usernames, for public repositories).'
    )
  })

  it('takes plan mode, YAML booleans, decimal minutes and a channel list split on commas and newlines', () => {
    const inputs = parseInputs(
      read({ mode: 'plan', wait: 'False', 'wait-timeout-minutes': '2.5', channels: 'news, sports\nweather', 'aws-region': 'eu-west-1' })
    )
    expect(inputs).toMatchObject({ mode: 'plan', wait: false, waitTimeoutMinutes: 2.5, channels: ['news', 'sports', 'weather'], awsRegion: 'eu-west-1' })
  })

  it('reports every bad input at once, saying what is allowed', () => {
    const parse = () => parseInputs(read({ mode: 'aply', wait: 'yes', 'wait-timeout-minutes': 'soon', 'max-concurrency': '0', 'aws-region': 'mars' }))
    expect(parse).toThrow(UserError)
    try {
      parse()
    } catch (error) {
      expect((error as UserError).problems.map((problem) => problem.path)).toEqual(['mode', 'wait', 'wait-timeout-minutes', 'max-concurrency', 'aws-region'])
      expect((error as UserError).message).toContain('Input mode: "aply" is not valid; use apply or plan.')
      expect((error as UserError).message).toContain('use true or false')
    }
  })

  it('takes allow-delete as a YAML boolean and viewer-guard-minutes as whole minutes, 0 turning the check off', () => {
    expect(parseInputs(read({ 'allow-delete': 'TRUE', 'viewer-guard-minutes': '0' }))).toMatchObject({ allowDelete: true, viewerGuardMinutes: 0 })
    expect(parseInputs(read({ 'allow-delete': 'false', 'viewer-guard-minutes': '60' }))).toMatchObject({ allowDelete: false, viewerGuardMinutes: 60 })
    expect(() => parseInputs(read({ 'allow-delete': 'yes' }))).toThrow('Input allow-delete: "yes" is not valid; use true or false.')
    for (const minutes of ['2.5', '-1', '1441', 'soon'])
      expect(() => parseInputs(read({ 'viewer-guard-minutes': minutes }))).toThrow(
        `Input viewer-guard-minutes: "${minutes}" is not valid; use whole minutes from 0 (no check) to 1440.`
      )
  })

  it('refuses a channels value that names no channel (empty expressions joined) instead of doing nothing, or everything', () => {
    for (const value of [',', ' , ', '  ', '\n', ',\n,']) {
      expect(() => parseInputs(read({ channels: value }))).toThrow(
        `Input channels: "${value.replace(/\n/g, '\\u000a')}" names no channel; list channel ids separated by commas or newlines, or leave it empty to reconcile every channel.`
      )
    }
    expect(parseInputs(read({ channels: '' })).channels).toBeUndefined()
    expect(parseInputs(read({ channels: ' news , ' })).channels).toEqual(['news'])
  })

  it('names inputs as the CLI flags when the CLI parses them', () => {
    const cli = cliEdge('.')
    expect(() => parseInputs(read({ wait: 'yes', channels: ',' }), cli.input)).toThrow(
      '--wait: "yes" is not valid; use true or false.\n--channels: "," names no channel;'
    )
    const manifest = { version: 1, channels: [{ id: 'news' }] } as Manifest
    expect(() => selectChannels(manifest, ['weather'], cli.input)).toThrow('--channels: weather is not in the manifest (it has news).')
    expect(() => resolveRegion('us-west-2', 'eu-west-1', {}, cli)).toThrow('The manifest says region us-west-2 but --aws-region says eu-west-1.')
    expect(() => resolveRegion(undefined, undefined, {}, cli)).toThrow('No AWS Region: set `region` in the manifest, pass --aws-region, or export AWS_REGION.')
  })

  it('quotes at most 40 characters of a bad value', () => {
    expect(() => parseInputs(read({ mode: 'p'.repeat(500) }))).toThrow(`Input mode: "${'p'.repeat(40)}…" is not valid; use apply or plan.`)
  })

  it('refuses a wait longer than a GitHub job can run, and zero', () => {
    expect(() => parseInputs(read({ 'wait-timeout-minutes': '361' }))).toThrow(/at most 360/)
    expect(() => parseInputs(read({ 'wait-timeout-minutes': '0' }))).toThrow(/above 0/)
  })

  it('takes an http-proxy URL (host:port alone means http://), and reports a bad one with the others', () => {
    expect(parseInputs(read({ 'http-proxy': 'http://proxy.corp:3128' })).httpProxy).toBe('http://proxy.corp:3128/')
    expect(parseInputs(read({ 'http-proxy': 'proxy.corp:3128' })).httpProxy).toBe('http://proxy.corp:3128/')
    expect(parseInputs(read({})).httpProxy).toBeUndefined()
    try {
      parseInputs(read({ 'http-proxy': 'ftp://proxy.corp', mode: 'apply!' }))
      throw new Error('expected the inputs to be refused')
    } catch (error) {
      expect((error as UserError).problems.map((problem) => problem.path)).toEqual(['mode', 'http-proxy'])
      expect((error as UserError).message).toContain('Input http-proxy: "ftp://proxy.corp" is not a proxy URL')
    }
  })
})

describe('region and channel selection', () => {
  it('takes the manifest region first, then the input, then the environment', () => {
    expect(resolveRegion('us-west-2', undefined, { AWS_REGION: 'eu-west-1' })).toBe('us-west-2')
    expect(resolveRegion(undefined, 'ap-south-1', { AWS_REGION: 'eu-west-1' })).toBe('ap-south-1')
    expect(resolveRegion(undefined, undefined, { AWS_REGION: 'eu-west-1' })).toBe('eu-west-1')
    expect(() => resolveRegion(undefined, undefined, {})).toThrow(/No AWS Region/)
    expect(() => resolveRegion('us-west-2', 'eu-west-1', {})).toThrow(/make them agree/)
  })

  it('keeps only the named channels and refuses a name the manifest lacks', () => {
    const manifest = { version: 1, channels: [{ id: 'news' }, { id: 'sports' }] } as Manifest
    expect(selectChannels(manifest, ['sports']).channels!.map((channel) => channel.id)).toEqual(['sports'])
    expect(() => selectChannels(manifest, ['weather'])).toThrow('Input channels: weather is not in the manifest (it has news, sports).')
  })
})
