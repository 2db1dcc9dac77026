import type { Manifest } from '../manifest/definition.js'

/**
 * How much the summary and the outputs tell. `minimal` leaves out what a public repository should not
 * show: the origin host (endpoint origin URLs), ingest URLs and ingest usernames.
 */
export type SummaryDetail = 'full' | 'minimal'

export const SUMMARY_DETAILS: readonly SummaryDetail[] = ['full', 'minimal']

export interface ReportOptions {
  /** The channels' Region, for console links. */
  region: string
  detail: SummaryDetail
  /** The manifest as run: what the result does not carry (a distribution's aliases, for the CNAME to create). */
  manifest?: Manifest | undefined
  /** This workflow run's page, named when the Markdown output had to be cut. */
  runUrl?: string | undefined
  /** The Markdown of the denied-permissions statement, appended to the summary when the run met any. */
  permissions?: string | undefined
}
