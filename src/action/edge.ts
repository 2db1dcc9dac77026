/**
 * The two ways to run the reconcile, the GitHub Action and the CLI, speak of the same settings in
 * different words (an input `channels`, a flag `--channels`) and find the manifest in different places
 * (the workspace, the current directory). Messages take their words from here, so a person in a
 * terminal is never told to set an action input or add a workflow step.
 */
import type { ManifestLocation } from '../manifest/file.js'
import { DEFAULT_MANIFEST_PATH } from '../manifest/load.js'

export interface Edge {
  /** An input as messages name it: `input channels` (action), `--channels` (CLI). */
  input: (name: string) => string
  /** Where a Region can be given, for the message when none is. */
  regionSources: string
  manifestAt: ManifestLocation
}

/** An action input in a message: `input channels`. */
export const actionInput = (name: string): string => `input ${name}`

/** The action: the manifest is in the checked-out repository, GITHUB_WORKSPACE. */
export function actionEdge(workspace: string): Edge {
  return {
    input: actionInput,
    regionSources: 'set `region` in the manifest, the aws-region input, or AWS_REGION (configure-aws-credentials sets it)',
    manifestAt: {
      workspace,
      workspaceName: 'the workspace',
      source: 'the `manifest` input',
      whenMissing:
        `set the action's \`manifest\` input to the path of your manifest in the repository (default \`${DEFAULT_MANIFEST_PATH}\`), ` +
        'and check the repository out first (actions/checkout)'
    }
  }
}

/** The CLI: the manifest is under the directory it runs in. */
export function cliEdge(cwd: string): Edge {
  return {
    input: (name) => `--${name}`,
    regionSources: 'set `region` in the manifest, pass --aws-region, or export AWS_REGION',
    manifestAt: {
      workspace: cwd,
      workspaceName: 'the current directory',
      source: '--manifest',
      whenMissing:
        `pass --manifest with the path of your manifest (default ${DEFAULT_MANIFEST_PATH}), relative to ` +
        'the current directory, and run the CLI from the repository root'
    }
  }
}

/** `input channels` → `Input channels`, for the start of a message; `--channels` stays as it is. */
export function startOfMessage(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
