/**
 * The package version, for `--version`. Imported from package.json so there is one place to bump it;
 * ncc inlines the JSON into the bundle at build time, so dist/cli/index.js needs no package.json beside it.
 */
import packageJson from '../../package.json' with { type: 'json' }

export const VERSION: string = packageJson.version
