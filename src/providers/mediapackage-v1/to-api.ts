/**
 * A manifest endpoint as the MediaPackage v1 API takes it. Manifest keys are the kebab-case of the API
 * field names, so the conversion is generic: `stream-selection.stream-order` → `StreamSelection.StreamOrder`.
 * Only keys are converted, never values; tags are user data and pass through untouched.
 *
 * `Authorization` is not a manifest key: the reconcile adds it from the channel's `cdn-authorization`
 * once it knows the secret's ARN.
 */
import type { CreateOriginEndpointRequest } from '@aws-sdk/client-mediapackage'
import { PACKAGINGS, type EndpointSpec, type Packaging } from '../../manifest/definition.js'

export type { Packaging }

/** `segment-duration-seconds` → `SegmentDurationSeconds`, `repeat-ext-x-key` → `RepeatExtXKey`. */
export type PascalCase<Key extends string> = Key extends `${infer Head}-${infer Rest}` ? `${Capitalize<Head>}${PascalCase<Rest>}` : Capitalize<Key>

/** A manifest value with its keys spelled as the API spells them, all the way down. */
export type ApiShape<T> = T extends readonly (infer Item)[]
  ? ApiShape<Item>[]
  : T extends object
    ? { [Key in keyof T as Key extends string ? PascalCase<Key> : never]: ApiShape<T[Key]> }
    : T

export function pascalCase(key: string): string {
  return key
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('')
}

/** Converts keys recursively; unset keys stay unset, so AWS applies its defaults. */
export function toApiShape<T>(value: T): ApiShape<T> {
  if (Array.isArray(value)) return value.map((item: unknown) => toApiShape(item)) as ApiShape<T>
  if (typeof value !== 'object' || value === null) return value as ApiShape<T>
  const converted: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) {
    if (item !== undefined) converted[pascalCase(key)] = toApiShape(item)
  }
  return converted as ApiShape<T>
}

/** The one packaging of an endpoint (the manifest was validated: there is exactly one). */
export function packagingOf(spec: EndpointSpec): Packaging {
  const packaging = PACKAGINGS.find((candidate) => spec[candidate] !== undefined)
  if (packaging === undefined) throw new Error(`endpoint ${spec.id} has no packaging; was the manifest validated?`)
  return packaging
}

export function endpointRequest(channelId: string, spec: EndpointSpec): CreateOriginEndpointRequest {
  // `state` is the action's (retire or keep), not a MediaPackage setting.
  const { id, tags, hls, dash, cmaf, mss, state: _state, ...settings } = spec
  const request: CreateOriginEndpointRequest = { ChannelId: channelId, Id: id, ...toApiShape(settings) }
  if (hls) request.HlsPackage = toApiShape(hls)
  if (dash) request.DashPackage = toApiShape(dash)
  if (cmaf) request.CmafPackage = toApiShape(cmaf)
  if (mss) request.MssPackage = toApiShape(mss)
  if (tags) request.Tags = { ...tags }
  return request
}
