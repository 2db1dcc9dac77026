import { setTimeout as sleep } from 'node:timers/promises'
import { createClients, destroyClients } from '../aws/clients.js'
import { createServices } from '../aws/services.js'
import { UserError } from '../errors.js'
import type { Inputs } from './inputs.js'
import type { Manifest } from '../manifest/definition.js'
import { loadManifest, type LoadedManifest } from '../manifest/load.js'
import { reconcile, type ChannelJob, type RunResult } from '../workflow/reconcile.js'
import { mediaPackageV1 } from '../providers/mediapackage-v1/index.js'
import { MediaPackage } from '../providers/mediapackage-v1/client.js'
import { Secrets } from '../aws/secrets.js'
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
export function selectChannels(manifest: Manifest, ids: readonly string[] | undefined): Manifest {
  if (!ids) return manifest
  const known = manifest.channels.map((channel) => channel.id)
  const unknown = ids.filter((id) => !known.includes(id))
  if (unknown.length > 0) {
    throw new UserError(`Input channels: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not in the manifest (it has ${known.join(', ')}).`)
  }
  return { ...manifest, channels: manifest.channels.filter((channel) => ids.includes(channel.id)) }
}

/** The manifest's region, else the aws-region input, else the environment's; two that disagree are an error. */
export function resolveRegion(manifestRegion: string | undefined, inputRegion: string | undefined, env: NodeJS.ProcessEnv): string {
  if (manifestRegion && inputRegion && manifestRegion !== inputRegion) {
    throw new UserError(`The manifest says region ${manifestRegion} but the aws-region input says ${inputRegion}. Remove one, or make them agree.`)
  }
  const region = manifestRegion ?? inputRegion ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION
  if (!region) {
    throw new UserError('No AWS Region: set `region` in the manifest, the aws-region input, or AWS_REGION (configure-aws-credentials sets it).')
  }
  return region
}

/**
 * inputs → manifest → reconcile, shared by the action and the CLI. Fills `execution` as it goes so a
 * caller that catches an error still knows the manifest (for annotations) and any result.
 */
export async function execute(
  inputs: Inputs,
  log: Log,
  execution: Execution = {},
  env: NodeJS.ProcessEnv = process.env,
  tuning: Tuning = {}
): Promise<Execution> {
  execution.loaded = await loadManifest(inputs.manifest)
  const manifest = selectChannels(execution.loaded.manifest, inputs.channels)
  const region = resolveRegion(manifest.region, inputs.awsRegion, env)
  execution.region = region
  const clients = createClients(region, env)
  try {
    const options: ReconcileOptions = {
      mode: inputs.mode,
      wait: inputs.wait,
      waitTimeoutMs: inputs.waitTimeoutMinutes * 60_000,
      maxConcurrency: inputs.maxConcurrency,
      allowDelete: inputs.allowDelete,
      viewerGuardMinutes: inputs.viewerGuardMinutes,
      ...(tuning.poll ? { poll: tuning.poll } : {}),
      ...(tuning.retryBaseMs !== undefined ? { retryBaseMs: tuning.retryBaseMs } : {})
    }
    const services = createServices(clients, (message) => log.warning(message))
    const v1 = mediaPackageV1({
      mediapackage: new MediaPackage(clients.mediapackage),
      secrets: new Secrets(clients.secrets, (value) => log.secret(value)),
      retryBaseMs: tuning.retryBaseMs
    })
    const jobs: ChannelJob[] = manifest.channels.map((spec, index) => ({
      id: spec.id,
      path: `channels[${index}]`,
      spec,
      state: spec.state ?? 'present',
      distributionSpec: spec.distribution,
      provider: v1
    }))
    execution.result = await reconcile(jobs, options, { services, log, now: Date.now, sleep: (ms) => sleep(ms), random: Math.random })
    return execution
  } finally {
    destroyClients(clients)
  }
}
