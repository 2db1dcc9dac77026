#!/usr/bin/env node
// The CLI ships in the committed bundle, so `npx mediapackage-cloudfront` needs no build step.
await import('../dist/cli/index.js')
