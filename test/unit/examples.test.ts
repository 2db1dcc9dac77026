import { describe, expect, it } from '@jest/globals'
import { Ajv } from 'ajv'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { parseManifest } from '../../src/manifest/load.js'

const examples = readdirSync('examples').filter((name) => name.endsWith('.yml'))
const schema = JSON.parse(readFileSync('schema/manifest.schema.json', 'utf8')) as object
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema)

describe('example manifests', () => {
  it.each(examples)('%s is valid for the action and for the published schema', (name) => {
    const text = readFileSync(join('examples', name), 'utf8')
    expect(() => parseManifest(text, name)).not.toThrow()
    expect(validate(parse(text))).toBe(true)
  })
})
