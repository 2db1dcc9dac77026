import { setTimeout as sleep } from 'node:timers/promises'
import { createClients, destroyClients } from '../aws/clients.js'
import { createServices } from '../aws/services.js'
import { UserError } from '../errors.js'
import { excerpt } from '../manifest/errors.js'
import { actionEdge, actionInput, startOfMessage, type Edge } from './edge.js'
import type { Inputs } from './inputs.js'
import type { Manifest } from '../manifest/definition.js'
import { loadManifest, type LoadedManifest } from '../manifest/load.js'
import { reconcile, type RunResult } from '../workflow/reconcile.js'
import type { Log, ReconcileOptions } from '../workflow/runtime.js'
import type { PollSchedule } from '../workflow/wait.js'

/** Knobs tests and the benchmark turn; users never see them. */
export interface Tuning {
  poll?: PollSchedule
  retryBaseMs?: number
}

export interface Execution {
  loaded?: LoadedManifest
  region?: string
  result?: RunResult
}

/** Keeps only the channels named by the `channels` input; naming one the manifest lacks is an error. */
export function selectChannels(manifest: Manifest, ids: readonly string[] | undefined, input = actionInput): Manifest {
  if (!ids) return manifest
  const known = manifest.channels.map((channel) => channel.id)
  const unknown = ids.filter((id) => !known.includes(id))
  if (unknown.length > 0) {
    const named = unknown.map((id) => excerpt(id)).join(', ')
    throw new UserError(
      `${startOfMessage(input('channels'))}: ${named} ${unknown.length === 1 ? 'is' : 'are'} not in the manifest (it has ${known.join(', ')}).`
    )
  }
  return { ...manifest, channels: manifest.channels.filter((channel) => ids.includes(channel.id)) }
}

/** The manifest's region, else the aws-region input, else the environment's; two that disagree are an error. */
export function resolveRegion(
  manifestRegion: string | undefined,
  inputRegion: string | undefined,
  env: NodeJS.ProcessEnv,
  edge: Pick<Edge, 'input' | 'regionSources'> = actionEdge('')
): string {
  if (manifestRegion && inputRegion && manifestRegion !== inputRegion) {
    throw new UserError(`The manifest says region ${manifestRegion} but ${edge.input('aws-region')} says ${inputRegion}. Remove one, or make them agree.`)
  }
  const region = manifestRegion ?? inputRegion ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION
  if (!region) throw new UserError(`No AWS Region: ${edge.regionSources}.`)
  return region
}

/** One run of the reconcile, as the action or the CLI asks for it. */
export interface Run {
  inputs: Inputs
  log: Log
  /** The action's or the CLI's words, and where the manifest must be. */
  edge: Edge
  env?: NodeJS.ProcessEnv
  tuning?: Tuning
}

/**
 * inputs → manifest → reconcile, shared by the action and the CLI. Fills `execution` as it goes so a
 * caller that catches an error still knows the manifest (for annotations) and any result.
 */
export async function execute(run: Run, execution: Execution = {}): Promise<Execution> {
  const { inputs, log, edge, env = process.env, tuning = {} } = run
  execution.loaded = await loadManifest(inputs.manifest, edge.manifestAt)
  const manifest = selectChannels(execution.loaded.manifest, inputs.channels, edge.input)
  const region = resolveRegion(manifest.region, inputs.awsRegion, env, edge)
  execution.region = region
  const clients = createClients(region, env)
  try {
    const options: ReconcileOptions = {
      mode: inputs.mode,
      wait: inputs.wait,
      waitTimeoutMs: inputs.waitTimeoutMinutes * 60_000,
      maxConcurrency: inputs.maxConcurrency,
      ...(tuning.poll ? { poll: tuning.poll } : {}),
      ...(tuning.retryBaseMs !== undefined ? { retryBaseMs: tuning.retryBaseMs } : {})
    }
    const services = createServices(
      clients,
      (message) => log.warning(message),
      (value) => log.secret(value)
    )
    execution.result = await reconcile(manifest, options, { services, log, now: Date.now, sleep: (ms) => sleep(ms), random: Math.random })
    return execution
  } finally {
    destroyClients(clients)
  }
}
