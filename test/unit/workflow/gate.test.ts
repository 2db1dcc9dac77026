import { describe, expect, it } from '@jest/globals'
import { newChange } from '../../../src/change.js'
import { DeleteGate } from '../../../src/workflow/gate.js'

const update = newChange('endpoint', 'news-hls', 'news-hls', 'update')
const remove = newChange('channel', 'old-live', 'old-live', 'delete')
const disable = newChange('distribution', 'E123', 'distribution of old-live', 'disable')

/** How each arrival ended: 'open', or its refusal. */
async function outcome(promise: Promise<void>): Promise<string> {
  try {
    await promise
    return 'open'
  } catch (error) {
    return (error as Error).message
  }
}

describe('the allow-delete gate', () => {
  it('opens for everyone once every channel has planned and none deletes', async () => {
    const gate = new DeleteGate(['news', 'sports'])
    let opened = false
    const news = gate.arrive('news', [update, undefined]).then(() => (opened = true))
    await Promise.resolve()
    // Not before the last channel has planned.
    expect(opened).toBe(false)
    await gate.arrive('sports', [])
    await news
    expect(opened).toBe(true)
  })

  it("refuses every channel when one plan deletes or disables, naming that channel's deletes", async () => {
    const gate = new DeleteGate(['news', 'old'])
    const news = outcome(gate.arrive('news', [update]))
    const old = outcome(gate.arrive('old', [disable, remove]))
    expect(await old).toBe(
      'Channel old: apply would disable distribution E123, delete channel old-live, and the allow-delete input is false, so this run wrote nothing, ' +
        'in any channel. Check the plan (mode: plan lists every delete), then run again with allow-delete: true.'
    )
    expect(await news).toBe(
      'Channel news: this run wrote nothing: the plan of old deletes or disables resources and the allow-delete input is false. ' +
        'Check the plan (mode: plan lists every delete), then run again with allow-delete: true. Or take state: absent out of the manifest.'
    )
  })

  it('does not wait for a channel that failed before planning, and a leave after arriving changes nothing', async () => {
    const gate = new DeleteGate(['news', 'broken'])
    const news = outcome(gate.arrive('news', [update]))
    gate.leave('news')
    gate.leave('broken')
    expect(await news).toBe('open')
  })
})
