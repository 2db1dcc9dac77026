import { isUserError, type SourcePosition } from '../errors.js'
import type { LoadedManifest } from '../manifest/load.js'

/** `channels[0].endpoints[1]` → ['channels', 0, 'endpoints', 1] */
export function parsePath(path: string): (string | number)[] {
  return path
    .split(/\.|\[(\d+)\]/)
    .filter((part): part is string => part !== undefined && part !== '')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part))
}

export interface Annotation {
  message: string
  position?: SourcePosition | undefined
}

/**
 * What to tell the user about a failure: one annotation per problem, at its manifest line when known.
 * A user error carries no stack; anything else is a bug and keeps it.
 */
export function annotationsFor(error: unknown, loaded: LoadedManifest | undefined): Annotation[] {
  if (isUserError(error)) {
    if (error.problems.length === 0) return [{ message: error.message }]
    return error.problems.map((problem) => ({
      message: problem.message,
      position: problem.position ?? (problem.path && loaded ? loaded.positionOf(parsePath(problem.path)) : undefined)
    }))
  }
  if (error instanceof Error) return [{ message: error.stack ?? error.message }]
  return [{ message: `Unexpected failure: ${String(error)}` }]
}
