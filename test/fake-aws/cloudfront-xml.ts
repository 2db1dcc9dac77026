/**
 * Schema-driven XML for CloudFront's REST-XML protocol. The shapes come from the SDK's exported
 * schemas (`DistributionConfig$`, `Distribution$`, …), so element names and list member names
 * (`<Items><Origin>`, `<Items><Method>`, `<Items><CNAME>`, …) are exactly the ones the SDK writes and
 * reads. Values inside the fake are the objects the SDK itself produces when parsing: numbers,
 * booleans, `Date`s, arrays for `Items`.
 */
import { NormalizedSchema } from '@smithy/core/schema'
import { XMLParser } from 'fast-xml-parser'
import { CodecError, type SchemaRef } from './json-codec.js'

export const CLOUDFRONT_XMLNS = 'http://cloudfront.amazonaws.com/doc/2020-05-31/'

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  removeNSPrefix: true,
  ignoreDeclaration: true,
  ignorePiTags: true
})

type XmlObject = Record<string, unknown>

function isObject(value: unknown): value is XmlObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Parses a document and returns its root element's name and content. Throws CodecError if malformed. */
export function parseXmlDocument(xml: string): { root: string; content: unknown } {
  let parsed: unknown
  try {
    parsed = parser.parse(xml, true)
  } catch (error) {
    throw new CodecError('', `malformed XML: ${(error as Error).message}`)
  }
  if (!isObject(parsed)) throw new CodecError('', 'empty XML document')
  const roots = Object.keys(parsed).filter((k) => k !== '#text')
  const root = roots[0]
  if (roots.length !== 1 || root === undefined) throw new CodecError('', 'expected exactly one root element')
  return { root, content: parsed[root] }
}

function memberXmlName(member: string, ns: NormalizedSchema): string {
  const name = ns.getMemberTraits().xmlName
  return typeof name === 'string' ? name : member
}

function listItemName(ns: NormalizedSchema): string {
  const name = ns.getValueSchema().getMergedTraits().xmlName
  return typeof name === 'string' ? name : 'member'
}

function isBlankText(value: unknown): boolean {
  return typeof value === 'string' && value.trim() === ''
}

/**
 * XML element content → SDK-shaped value, strictly: an element the schema doesn't know, or text where
 * a number/boolean belongs, throws CodecError (CloudFront answers MalformedXML for those).
 */
export function readXml(schema: SchemaRef, node: unknown, path = ''): unknown {
  const ns = NormalizedSchema.of(schema)
  if (node === undefined || node === null) return undefined
  if (ns.isStructSchema()) {
    if (isBlankText(node)) return {}
    if (!isObject(node)) throw new CodecError(path, 'expected child elements')
    const known = new Map<string, [string, NormalizedSchema]>()
    for (const [member, memberNs] of ns.structIterator()) known.set(memberXmlName(member, memberNs), [member, memberNs])
    const out: XmlObject = {}
    for (const [key, child] of Object.entries(node)) {
      if (key === '#text') {
        if (!isBlankText(child)) throw new CodecError(path, 'unexpected text')
        continue
      }
      const entry = known.get(key)
      if (!entry) throw new CodecError(path ? `${path}.${key}` : key, 'unexpected element')
      if (Array.isArray(child) && !entry[1].getMergedTraits().xmlFlattened) {
        throw new CodecError(`${path}.${key}`, 'element repeated')
      }
      out[entry[0]] = readXml(entry[1], child, path ? `${path}.${key}` : key)
    }
    return out
  }
  if (ns.isListSchema()) {
    const itemNs = ns.getValueSchema()
    if (isBlankText(node)) return []
    if (!isObject(node)) throw new CodecError(path, 'expected list items')
    const itemName = listItemName(ns)
    for (const key of Object.keys(node)) {
      if (key !== itemName && !(key === '#text' && isBlankText(node[key]))) {
        throw new CodecError(`${path}.${key}`, `unexpected element, list items are <${itemName}>`)
      }
    }
    const raw = node[itemName]
    const items = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]
    return items.map((item, i) => readXml(itemNs, item, `${path}[${i}]`))
  }
  if (typeof node !== 'string') throw new CodecError(path, 'expected a value, found elements')
  const text = node
  if (ns.isBooleanSchema()) {
    if (text !== 'true' && text !== 'false') throw new CodecError(path, `expected true or false, found "${text}"`)
    return text === 'true'
  }
  if (ns.isNumericSchema()) {
    const n = Number(text)
    if (text.trim() === '' || !Number.isFinite(n)) throw new CodecError(path, `expected a number, found "${text}"`)
    return n
  }
  if (ns.isTimestampSchema()) {
    const t = Date.parse(text)
    if (Number.isNaN(t)) throw new CodecError(path, `expected a timestamp, found "${text}"`)
    return new Date(t)
  }
  return text
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#x0D;')
}

function simpleText(ns: NormalizedSchema, value: unknown): string {
  if (ns.isTimestampSchema()) {
    const date = value instanceof Date ? value : new Date(value as string | number)
    return date.toISOString()
  }
  return escapeXml(String(value))
}

function writeContent(ns: NormalizedSchema, value: unknown): string {
  if (ns.isStructSchema()) {
    if (!isObject(value)) return ''
    let out = ''
    for (const [member, memberNs] of ns.structIterator()) {
      const v = value[member]
      if (v === undefined || v === null) continue
      out += writeElement(memberNs, v, memberXmlName(member, memberNs))
    }
    return out
  }
  if (ns.isListSchema()) {
    if (!Array.isArray(value)) return ''
    const itemNs = ns.getValueSchema()
    const itemName = listItemName(ns)
    return value.map((item) => writeElement(itemNs, item, itemName)).join('')
  }
  return simpleText(ns, value)
}

function writeElement(ns: NormalizedSchema, value: unknown, name: string, attributes = ''): string {
  const content = writeContent(ns, value)
  return content === '' ? `<${name}${attributes}/>` : `<${name}${attributes}>${content}</${name}>`
}

/** SDK-shaped value → a full XML document whose root is `rootName` in CloudFront's namespace. */
export function writeXmlDocument(schema: SchemaRef, value: unknown, rootName: string): string {
  const ns = NormalizedSchema.of(schema)
  return `<?xml version="1.0" encoding="UTF-8"?>\n${writeElement(ns, value, rootName, ` xmlns="${CLOUDFRONT_XMLNS}"`)}`
}
