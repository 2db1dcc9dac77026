/**
 * Writes schema/manifest.schema.json from the manifest definition (`npm run schema`). A unit test fails
 * when the committed file differs, so the published schema never drifts from the code.
 */
import { writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { manifestSchemaText } from '../src/manifest/definition.js'

const target = fileURLToPath(new URL('../schema/manifest.schema.json', import.meta.url))
await writeFile(target, manifestSchemaText())
console.log(`wrote ${target}`)
