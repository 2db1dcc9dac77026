import { describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { Ajv } from 'ajv'
import { parse } from 'yaml'
import { manifestSchemaText, ManifestSchema } from '../../../src/manifest/definition.js'
import validateManifest from '../../../src/manifest/generated/validator.js'
import { manifestValidatorCode, manifestValidatorTypes } from '../../../scripts/write-schema.js'
import { badFixtures, goodFixtures, repoPath } from './corpus.js'

type JsonSchema = {
  properties?: Record<string, JsonSchema>
  items?: JsonSchema
  additionalProperties?: boolean | JsonSchema
  description?: string
  [keyword: string]: unknown
}

const published = readFileSync(repoPath('schema/manifest.schema.json'), 'utf8')
const schema = JSON.parse(published) as JsonSchema

/** Every key path the schema defines, lists as `[]`: `channels[].endpoints[].hls.ad-markers`. */
function schemaPaths(node: JsonSchema, prefix = ''): string[] {
  const paths: string[] = []
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key
    paths.push(path, ...schemaPaths(child, path))
  }
  if (node.items) paths.push(...schemaPaths(node.items, `${prefix}[]`))
  return paths
}

function dataPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => dataPaths(item, `${prefix}[]`))
  if (typeof value !== 'object' || value === null) return []
  return Object.entries(value).flatMap(([key, child]) => {
    const path = prefix ? `${prefix}.${key}` : key
    return [path, ...dataPaths(child, path)]
  })
}

function objectSchemas(node: JsonSchema, path = '(root)'): [string, JsonSchema][] {
  const found: [string, JsonSchema][] = node.properties ? [[path, node]] : []
  for (const [key, child] of Object.entries(node.properties ?? {})) found.push(...objectSchemas(child, `${path}.${key}`))
  if (node.items) found.push(...objectSchemas(node.items, `${path}[]`))
  return found
}

test('schema/manifest.schema.json is what `npm run schema` writes from the definition', () => {
  expect(published).toBe(manifestSchemaText())
})

test('src/manifest/generated/validator.js (and .d.ts) is what `npm run schema` writes from the definition', () => {
  expect(readFileSync(repoPath('src/manifest/generated/validator.js'), 'utf8')).toBe(manifestValidatorCode())
  expect(readFileSync(repoPath('src/manifest/generated/validator.d.ts'), 'utf8')).toBe(manifestValidatorTypes())
})

describe('the generated validator reports what ajv compiling the definition at run time reports', () => {
  // The options validate.ts was written against; its findings read keyword, params, schemaPath, schema,
  // parentSchema, data and propertyName. JSON drops TypeBox's symbol keys, which the generated copy of the
  // schema does not have.
  const compiled = new Ajv({ allErrors: true, verbose: true }).compile(ManifestSchema)
  const plain = (errors: unknown): unknown => JSON.parse(JSON.stringify(errors ?? []))
  const cases: [string, unknown][] = [
    ...goodFixtures().map((fixture): [string, unknown] => [`good/${fixture.name}`, parse(fixture.text)]),
    ...badFixtures()
      .filter((fixture) => fixture.schema !== 'n/a')
      .map((fixture): [string, unknown] => [`bad/${fixture.name}`, parse(fixture.text)]),
    ['null', null],
    ['a list', [1]],
    // 100 characters, 200 UTF-16 code units: within the 128-character limit only when counted as ajv counts (ucs2length)
    ['a tag key with astral characters', { version: 1, channels: [{ id: 'c', tags: { ['😀'.repeat(100)]: 'v', '': '😀' } }] }]
  ]

  test.each(cases)('%s', (_name, data) => {
    expect(validateManifest(data)).toBe(compiled(data))
    expect(plain(validateManifest.errors)).toEqual(plain(compiled.errors))
  })
})

describe('the published schema', () => {
  test('names its dialect, its id and a title', () => {
    expect(schema).toMatchObject({ $schema: 'http://json-schema.org/draft-07/schema#', $id: expect.any(String), title: expect.any(String) })
  })

  test('describes every key and closes every mapping', () => {
    const objects = objectSchemas(schema)
    expect(objects.filter(([, node]) => node.additionalProperties !== false).map(([path]) => path)).toEqual([])
    const undescribed = objects.flatMap(([path, node]) =>
      Object.entries(node.properties ?? {})
        .filter(([, child]) => !child.description)
        .map(([key]) => `${path}.${key}`)
    )
    expect(undescribed).toEqual([])
  })

  test('injects no defaults: an unset key stays unset and AWS applies its own', () => {
    expect(published).not.toMatch(/"default"/)
  })

  test('the good manifests together use every key it defines', () => {
    const used = new Set(goodFixtures().flatMap((fixture) => dataPaths(parse(fixture.text))))
    expect(schemaPaths(schema).filter((path) => !used.has(path))).toEqual([])
  })
})

describe('a fresh ajv with the published schema agrees with the loader', () => {
  const validate = new Ajv({ allErrors: true }).compile(schema)

  test.each(goodFixtures().map((fixture) => [fixture.name, fixture] as const))('accepts good/%s', (_name, fixture) => {
    validate(parse(fixture.text))
    expect(validate.errors ?? []).toEqual([])
  })

  // Fixtures marked `schema: accepts` break a rule only the code knows (unique ids, …): the schema lets them
  // through, and this test keeps that list honest. `n/a`: not YAML data a schema could see.
  const judged = badFixtures().filter((fixture) => fixture.schema !== 'n/a')
  test.each(judged.map((fixture) => [fixture.name, fixture] as const))('bad/%s', (_name, fixture) => {
    expect(validate(parse(fixture.text))).toBe(fixture.schema === 'accepts')
  })
})
