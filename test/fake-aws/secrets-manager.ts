/** Secrets Manager over JSON 1.1: the secret that holds a CDN identifier, and its versions. */
import {
  CreateSecretRequest$,
  CreateSecretResponse$,
  DescribeSecretRequest$,
  DescribeSecretResponse$,
  GetSecretValueRequest$,
  GetSecretValueResponse$,
  ListSecretVersionIdsRequest$,
  ListSecretVersionIdsResponse$,
  PutSecretValueRequest$,
  PutSecretValueResponse$,
  type CreateSecretRequest,
  type GetSecretValueRequest,
  type PutSecretValueRequest
} from '@aws-sdk/client-secrets-manager'
import { jsonOk, readInput, renderJsonError, targetOperation } from './json-rpc.js'
import { ServiceError } from './service-error.js'
import type { FakeState, SecretRecord } from './state.js'
import type { RoutedOperation, ServiceHandler, WireRequest, WireResponse } from './wire.js'

const TARGET = 'secretsmanager'
const VALIDATION = 'InvalidParameterException'
const notFound = () => new ServiceError('ResourceNotFoundException', 400, "Secrets Manager can't find the specified secret.")

export class SecretsManagerService implements ServiceHandler {
  readonly service = 'secretsmanager' as const

  constructor(private readonly state: FakeState) {}

  private secret(secretId: string | undefined): SecretRecord {
    if (!secretId) throw new ServiceError(VALIDATION, 400, 'SecretId is required.')
    const s = this.state.secret(secretId)
    if (!s) throw notFound()
    return s
  }

  private run(operation: string, request: WireRequest): WireResponse {
    switch (operation) {
      case 'CreateSecret': {
        const input = readInput<CreateSecretRequest>(request, CreateSecretRequest$, VALIDATION)
        if (!input.Name) throw new ServiceError(VALIDATION, 400, 'Name is required.')
        if (input.SecretBinary !== undefined) throw new ServiceError(VALIDATION, 400, 'The fake AWS supports SecretString only.')
        const s = this.state.createSecret({
          Name: input.Name,
          ...(input.SecretString !== undefined ? { SecretString: input.SecretString } : {}),
          ...(input.Description !== undefined ? { Description: input.Description } : {}),
          ...(input.ClientRequestToken !== undefined ? { VersionId: input.ClientRequestToken } : {}),
          Tags: (input.Tags ?? []).map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' }))
        })
        return jsonOk(CreateSecretResponse$, { ARN: s.ARN, Name: s.Name, VersionId: s.versions[0]?.VersionId })
      }
      case 'DescribeSecret': {
        const s = this.secret(readInput<{ SecretId?: string }>(request, DescribeSecretRequest$, VALIDATION).SecretId)
        const stages: Record<string, string[]> = {}
        for (const v of s.versions) if (v.stages.length > 0) stages[v.VersionId] = v.stages
        return jsonOk(DescribeSecretResponse$, {
          ARN: s.ARN,
          Name: s.Name,
          Description: s.Description,
          KmsKeyId: s.KmsKeyId,
          LastChangedDate: s.LastChangedDate,
          CreatedDate: s.CreatedDate,
          Tags: s.Tags.length > 0 ? s.Tags : undefined,
          VersionIdsToStages: stages
        })
      }
      case 'GetSecretValue': {
        const input = readInput<GetSecretValueRequest>(request, GetSecretValueRequest$, VALIDATION)
        const s = this.secret(input.SecretId)
        const stage = input.VersionStage ?? (input.VersionId ? undefined : 'AWSCURRENT')
        const version = s.versions.find(
          (v) => (input.VersionId === undefined || v.VersionId === input.VersionId) && (stage === undefined || v.stages.includes(stage))
        )
        if (!version) {
          throw new ServiceError(
            'ResourceNotFoundException',
            400,
            input.VersionId
              ? `Secrets Manager can't find the specified secret value for VersionId: ${input.VersionId}`
              : `Secrets Manager can't find the specified secret value for staging label: ${stage}`
          )
        }
        return jsonOk(GetSecretValueResponse$, {
          ARN: s.ARN,
          Name: s.Name,
          VersionId: version.VersionId,
          SecretString: version.SecretString,
          VersionStages: version.stages,
          CreatedDate: version.CreatedDate
        })
      }
      case 'PutSecretValue': {
        const input = readInput<PutSecretValueRequest>(request, PutSecretValueRequest$, VALIDATION)
        const s = this.secret(input.SecretId)
        if (input.SecretString === undefined) throw new ServiceError(VALIDATION, 400, 'The fake AWS supports SecretString only.')
        const v = this.state.putSecretValue(s, input.SecretString, input.ClientRequestToken)
        return jsonOk(PutSecretValueResponse$, { ARN: s.ARN, Name: s.Name, VersionId: v.VersionId, VersionStages: v.stages })
      }
      case 'ListSecretVersionIds': {
        const input = readInput<{ SecretId?: string; IncludeDeprecated?: boolean }>(request, ListSecretVersionIdsRequest$, VALIDATION)
        const s = this.secret(input.SecretId)
        const versions = s.versions.filter((v) => input.IncludeDeprecated === true || v.stages.length > 0)
        return jsonOk(ListSecretVersionIdsResponse$, {
          ARN: s.ARN,
          Name: s.Name,
          Versions: versions.map((v) => ({ VersionId: v.VersionId, VersionStages: v.stages, CreatedDate: v.CreatedDate }))
        })
      }
      default:
        throw new ServiceError('UnknownOperationException', 400, `The fake AWS does not implement ${operation}.`)
    }
  }

  route(request: WireRequest): RoutedOperation | undefined {
    const operation = targetOperation(request, TARGET)
    if (operation === undefined) return undefined
    const mutating = /^(Create|Put|Update|Delete|Tag|Untag|Rotate|Restore)/.test(operation)
    return { operation, mutating, run: () => this.run(operation, request) }
  }

  renderError(error: ServiceError, requestId: string): WireResponse {
    return renderJsonError(error, requestId)
  }
}
