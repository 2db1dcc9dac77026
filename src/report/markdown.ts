/** Small helpers that keep text from the run from breaking the Markdown around it. */

/** Text in a table cell: a `|` or a line break would end the cell. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
}

/** Text from AWS or the manifest as plain prose: no HTML, no emphasis, no links, no table breaks. */
export function prose(text: string): string {
  return cell(text.replace(/[\\`*[\]]/g, (char) => `\\${char}`).replace(/</g, '&lt;'))
}

/** A code span for any text, even one holding backticks (CommonMark: a longer fence, padded). */
export function code(text: string): string {
  const flat = text.replace(/\r?\n/g, ' ')
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((match) => match[0].length))
  const fence = '`'.repeat(longest + 1)
  const pad = longest > 0 || flat.startsWith(' ') || flat.endsWith(' ') ? ' ' : ''
  return `${fence}${pad}${flat}${pad}${fence}`
}

/** A code span inside a table cell: GitHub ends the cell at a `|` even inside code. */
export function codeCell(text: string): string {
  return code(text).replace(/\|/g, '\\|')
}

/** Text inside an HTML element (`<summary>`), where Markdown is not read. */
export function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

/** A message (it may carry Markdown on purpose: `keys` in backticks) as a GitHub alert, line by line. */
export function alert(kind: 'CAUTION' | 'WARNING' | 'NOTE', message: string): string[] {
  return [`> [!${kind}]`, ...message.split(/\r?\n/).map((line) => `> ${line.replace(/</g, '&lt;')}`), '']
}

/** `1 channel`, `3 channels`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}
