import { setTimeout as sleep } from 'node:timers/promises'
import { createClients, destroyClients } from '../aws/clients.js'
import { resolveAwsConfig, type AwsConfig } from '../aws/config.js'
import { PermissionCollector } from '../aws/permissions.js'
import { createServices } from './services.js'
import { UserError } from '../errors.js'
import { excerpt } from '../manifest/errors.js'
import { actionEdge, actionInput, startOfMessage, type Edge } from './edge.js'
import type { Inputs } from './inputs.js'
import type { Manifest } from '../manifest/definition.js'
import { loadManifest, type LoadedManifest } from '../manifest/load.js'
import { reconcile, type ChannelJob, type RunResult } from '../workflow/reconcile.js'
import { mediaPackageV1 } from '../providers/mediapackage-v1/index.js'
import { MediaPackage } from '../providers/mediapackage-v1/client.js'
import { mediaPackageV2 } from '../providers/mediapackage-v2/index.js'
import { MediaPackageV2 } from '../providers/mediapackage-v2/client.js'
import { CloudFrontAccess } from '../aws/cloudfront-access.js'
import { channelMatches, manifestChannels, v2ChannelId, v2ChannelState } from '../manifest/channels.js'
import { Secrets } from '../aws/secrets.js'
import { AwsCaller } from '../aws/call.js'
import type { Log, ReconcileOptions } from '../workflow/runtime.js'
import type { PollSchedule } from '../workflow/wait.js'

/** Knobs tests and the benchmark turn; users never see them. */
export interface Tuning {
  poll?: PollSchedule
  retryBaseMs?: number
  http?: Partial<AwsConfig['http']>
}

export interface Execution {
  loaded?: LoadedManifest
  region?: string
  /** Every IAM action the run was denied, for one policy statement at the end (src/report/permissions.ts). */
  permissions?: PermissionCollector
  result?: RunResult
}

/**
 * Keeps only the channels named by the `channels` input; naming one the manifest lacks is an error. A
 * v2 channel is named `group/channel`, or by its bare name (then in every group that has it); a v1
 * channel by its id (v1 ids never hold `/`).
 */
export function selectChannels(manifest: Manifest, ids: readonly string[] | undefined, input = actionInput): Manifest {
  if (!ids) return manifest
  const all = manifestChannels(manifest)
  const unknown = ids.filter((id) => !all.some((channel) => channelMatches(channel, id)))
  if (unknown.length > 0) {
    const named = unknown.map((id) => excerpt(id)).join(', ')
    throw new UserError(
      `${startOfMessage(input('channels'))}: ${named} ${unknown.length === 1 ? 'is' : 'are'} not in the manifest (it has ${all.map((channel) => channel.id).join(', ')}).`
    )
  }
  const wanted = (id: string, kind: 'v1' | 'v2', name: string) => ids.some((entry) => entry === id || (kind === 'v2' && entry === name))
  const channels = manifest.channels?.filter((channel) => wanted(channel.id, 'v1', channel.id))
  const groups = manifest['channel-groups']
    ?.map((group) => ({ ...group, channels: group.channels.filter((channel) => wanted(v2ChannelId(group.id, channel.id), 'v2', channel.id)) }))
    .filter((group) => group.channels.length > 0)
  return { ...manifest, channels, 'channel-groups': groups }
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
 * caller that catches an error still knows the manifest (for annotations) and any result. `env` is
 * read here and nowhere below: the AWS clients get an explicit configuration.
 */
export async function execute(run: Run, execution: Execution = {}): Promise<Execution> {
  const { inputs, log, edge, env = process.env, tuning = {} } = run
  execution.loaded = await loadManifest(inputs.manifest, edge.manifestAt)
  const manifest = selectChannels(execution.loaded.manifest, inputs.channels, edge.input)
  const region = resolveRegion(manifest.region, inputs.awsRegion, env, edge)
  execution.region = region
  const aws = resolveAwsConfig({ env, region, httpProxy: inputs.httpProxy, http: tuning.http })
  const permissions = new PermissionCollector(inputs.mode)
  execution.permissions = permissions
  const clients = createClients(aws)
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
    const context = { permissions, config: aws }
    const services = createServices(clients, { warn: (message) => log.warning(message), context })
    const v1 = mediaPackageV1({
      mediapackage: new MediaPackage(clients.mediapackage, new AwsCaller('mediapackage', context)),
      secrets: new Secrets(clients.secrets, (value) => log.secret(value), new AwsCaller('secretsmanager', context)),
      retryBaseMs: tuning.retryBaseMs
    })
    const v2 = mediaPackageV2({
      mediapackage: new MediaPackageV2(clients.mediapackagev2, new AwsCaller('mediapackagev2', context)),
      access: new CloudFrontAccess(clients.cloudfront, new AwsCaller('cloudfront', context))
    })
    const jobs: ChannelJob[] = manifestChannels(manifest).map((channel) =>
      channel.kind === 'v1'
        ? {
            id: channel.id,
            path: channel.path,
            spec: channel.spec,
            state: channel.spec.state ?? 'present',
            distributionSpec: channel.distribution,
            provider: v1
          }
        : {
            id: channel.id,
            path: channel.path,
            spec: { group: channel.group, channel: channel.spec },
            state: v2ChannelState(channel.group, channel.spec),
            distributionSpec: channel.distribution,
            provider: v2
          }
    )
    execution.result = await reconcile(jobs, options, { services, log, now: Date.now, sleep: (ms) => sleep(ms), random: Math.random })
    return execution
  } finally {
    destroyClients(clients)
  }
}
