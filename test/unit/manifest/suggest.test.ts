import { expect, test } from '@jest/globals'
import { editDistance, kebabCase, nearest } from '../../../src/manifest/suggest.js'

const HLS_KEYS = ['ad-markers', 'playlist-window-seconds', 'segment-duration-seconds', 'stream-selection']

test.each([
  ['segment-duraton-seconds', 'segment-duration-seconds'],
  ['SegmentDurationSeconds', 'segment-duration-seconds'],
  ['segment_duration_seconds', 'segment-duration-seconds'],
  ['playlist-window', 'playlist-window-seconds'],
  ['Ad-Markers', 'ad-markers']
])('%s → did you mean %s?', (typo, meant) => expect(nearest(typo, HLS_KEYS)).toBe(meant))

test('no suggestion when nothing is close', () => {
  expect(nearest('bitrate', HLS_KEYS)).toBeUndefined()
})

test('enum values: case and separators are forgiven', () => {
  expect(nearest('allow', ['ALLOW', 'DENY'])).toBe('ALLOW')
  expect(nearest('HTTP_ISO', ['NONE', 'HTTP-HEAD', 'HTTP-ISO', 'HTTP-XSDATE'])).toBe('HTTP-ISO')
})

test('editDistance and kebabCase', () => {
  expect(editDistance('kitten', 'sitting')).toBe(3)
  expect(editDistance('', 'abc')).toBe(3)
  expect(kebabCase('PresetSpeke20Audio')).toBe('preset-speke20-audio')
})
