import { describe, expect, it } from '@jest/globals'
import { parseCommandLine, UsageError } from '../../src/action/cli-args.js'

describe('the CLI command line', () => {
  it('takes the command and the flags, with `--flag value` or `--flag=value`, the last of a repeated flag winning', () => {
    expect(parseCommandLine(['apply', '--manifest', 'm.yml', '--wait=false', '--channels', 'a', '--channels', 'a,b'])).toEqual({
      kind: 'run',
      mode: 'apply',
      flags: { manifest: 'm.yml', wait: 'false', channels: 'a,b' }
    })
    expect(parseCommandLine(['--manifest=m.yml', 'plan'])).toEqual({ kind: 'run', mode: 'plan', flags: { manifest: 'm.yml' } })
  })

  it('help and version win over everything else but a malformed flag', () => {
    expect(parseCommandLine(['deploy', '-h'])).toEqual({ kind: 'help' })
    expect(parseCommandLine(['plan', '--version'])).toEqual({ kind: 'version' })
    expect(parseCommandLine([])).toEqual({ kind: 'usage' })
    expect(() => parseCommandLine(['--version', '--colour'])).toThrow(new UsageError('unknown option --colour'))
  })

  it('after `--` everything is an argument, and arguments beyond the command are refused', () => {
    expect(() => parseCommandLine(['plan', '--', '--manifest'])).toThrow(new UsageError('unexpected argument --manifest: give the manifest with --manifest'))
  })

  it('quotes at most 40 characters of what it did not understand', () => {
    expect(() => parseCommandLine([`--${'x'.repeat(100)}`])).toThrow(new UsageError(`unknown option --${'x'.repeat(38)}…`))
  })
})
