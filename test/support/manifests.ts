/** Manifests shared by tests and the benchmark (no jest import here: the bench runs outside jest). */

/** A MediaPackage v2 example: a channel group, a CMAF channel and one CMAF endpoint with HLS, LL-HLS and DASH manifests. */
export const V2_CHANNEL = `version: 1
region: us-west-2
channel-groups:
  - id: live
    channels:
      - id: news
        input-type: CMAF
        endpoints:
          - id: news-cmaf
            container: CMAF
            segment: { duration-seconds: 6 }
            startover-window-seconds: 3600
            hls-manifests: [{ name: index }]
            low-latency-hls-manifests: [{ name: ll }]
            dash-manifests: [{ name: dash }]
`

/** One v1 channel with one HLS endpoint. */
export const ONE_HLS_CHANNEL = `
version: 1
region: us-west-2
channels:
  - id: news-live
    endpoints:
      - id: news-live-hls
        hls: {}
`

/** The same channel retired: its distribution, endpoints and the channel go. */
export const NEWS_RETIRED = `
version: 1
region: us-west-2
channels:
  - id: news-live
    state: absent
`
