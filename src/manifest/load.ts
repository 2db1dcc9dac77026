/**
 * The manifest step: a YAML file in, a validated `Manifest` out, or a ManifestError with every problem
 * of the file, each at its line and column. Nothing else runs before this has passed.
 */
import type { Problem, SourcePosition } from '../errors.js'
import type { Manifest } from './definition.js'
import { displayPath, inFileOrder, ManifestError, type Finding, type ManifestPath } from './errors.js'
import { readManifestFile, type ManifestLocation } from './file.js'
import { ruleFindings } from './rules.js'
import { readYaml, type ManifestSource } from './source.js'
import { schemaFindings } from './validate.js'

export const DEFAULT_MANIFEST_PATH = '.github/mediapackage.yml'

export interface LoadedManifest {
  manifest: Manifest
  file: string
  /** Where a manifest value starts in the file, e.g. `['channels', 0, 'distribution']`, for later messages. */
  positionOf(path: readonly (string | number)[]): SourcePosition | undefined
}

export type { ManifestLocation } from './file.js'

/** `path` as the user gave it (messages and annotations show it so), read under `location`'s rules (file.ts). */
export async function loadManifest(path: string, location: ManifestLocation): Promise<LoadedManifest> {
  const { text } = await readManifestFile(path, location)
  return parseManifest(text, path)
}

export function parseManifest(text: string, file: string): LoadedManifest {
  const source = readYaml(text, file)
  const findings = [...schemaFindings(source.data), ...ruleFindings(source.data)]
  if (findings.length > 0) throw new ManifestError(file, inFileOrder(unique(findings.map((f) => placed(f, source, file)))))
  return {
    // schemaFindings found nothing: the data is a Manifest.
    manifest: source.data as Manifest,
    file,
    positionOf: (path) => {
      const place = source.locate(path)
      return place && { file, ...place }
    }
  }
}

/** A finding at its place in the file; a path that is not in the file (a missing key) points at its parent. */
function placed(finding: Finding, source: ManifestSource, file: string): Problem {
  let path: ManifestPath = finding.path
  let place = source.locate(path, finding.at)
  while (!place && path.length > 0) {
    path = path.slice(0, -1)
    place = source.locate(path)
  }
  return { message: finding.message, path: displayPath(finding.path), position: { file, ...place } }
}

function unique(problems: Problem[]): Problem[] {
  const seen = new Set<string>()
  return problems.filter((problem) => {
    const key = `${problem.position?.line}:${problem.position?.col}:${problem.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
