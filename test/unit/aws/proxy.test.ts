import { describe, expect, it } from '@jest/globals'
import { bypassesProxy, proxyLabel } from '../../../src/aws/proxy.js'

describe('NO_PROXY', () => {
  it.each([
    ['mediapackage.us-west-2.amazonaws.com', 443, 'amazonaws.com', true],
    ['mediapackage.us-west-2.amazonaws.com', 443, '.amazonaws.com', true],
    ['mediapackage.us-west-2.amazonaws.com', 443, '*.amazonaws.com', true],
    ['amazonaws.com', 443, '.amazonaws.com', true],
    ['notamazonaws.com', 443, 'amazonaws.com', false],
    ['cloudfront.amazonaws.com', 443, 'example.com, cloudfront.amazonaws.com', true],
    ['cloudfront.amazonaws.com', 443, 'example.com other.org', false],
    ['CloudFront.AmazonAWS.com', 443, 'cloudfront.amazonaws.com', true],
    ['127.0.0.1', 4566, '127.0.0.1', true],
    ['127.0.0.1', 4566, '127.0.0.1:4566', true],
    ['127.0.0.1', 4566, '127.0.0.1:80', false],
    ['127.0.0.1', 4566, '127.0.0.0/8', true],
    ['10.1.2.3', 443, '10.0.0.0/16', false],
    ['::1', 4566, '[::1]:4566', true],
    ['anything', 1, '*', true],
    ['anything', 1, '', false]
  ] as const)('%s:%i with NO_PROXY=%j bypasses: %s', (host, port, noProxy, expected) => {
    expect(bypassesProxy(noProxy, host, port)).toBe(expected)
  })
})

it('labels a proxy without its credentials', () => {
  expect(proxyLabel('http://user:secret@proxy.corp:3128/')).toBe('http://proxy.corp:3128')
})
