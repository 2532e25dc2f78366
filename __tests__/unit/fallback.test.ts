import { describe, expect, jest, test } from '@jest/globals'
import { DockerError } from '../../src/engines/docker.js'
import { PartialRetagError, TagMismatchError, type FoundImage } from '../../src/engines/engine.js'
import { FallbackEngine } from '../../src/engines/fallback.js'
import type { EngineName } from '../../src/model.js'
import { RegistryError } from '../../src/oci/errors.js'
import { MEDIA_TYPES } from '../../src/oci/media-types.js'
import { parseRepository } from '../../src/oci/reference.js'
import { DIGEST } from '../fixtures/data.js'
import { fakeEngine, type EngineMethods } from '../fixtures/fakes/engine.js'

const REMOTE = parseRepository('ghcr.io/o/api')

describe('FallbackEngine', () => {
  const engine = (name: EngineName, methods: Partial<EngineMethods> = {}) => fakeEngine(name, methods).engine
  const image: FoundImage = {
    repository: REMOTE,
    tag: 'abc1234',
    digest: DIGEST,
    mediaType: MEDIA_TYPES.ociManifest,
    engine: 'docker'
  }

  test('primary succeeds: fallback untouched, no warning', async () => {
    const primary = engine('registry', {
      find: async () => ({ ...image, engine: 'registry' }),
      resolve: async () => [DIGEST],
      listTags: async () => ['v1'],
      facts: async () => ({ platforms: [], revisions: [] }),
      retag: async () => 'registry'
    })
    const fallback = engine('docker')
    const warn = jest.fn<(message: string) => void>()
    const auto = new FallbackEngine(primary, fallback, warn)

    expect((await auto.find(REMOTE, 'abc1234'))?.engine).toBe('registry')
    expect(await auto.resolve(REMOTE, ['v1'])).toEqual([DIGEST])
    expect(await auto.listTags(REMOTE)).toEqual(['v1'])
    expect(await auto.facts(image, { readRevisions: true })).toEqual({ platforms: [], revisions: [] })
    expect(await auto.retag(image, [['v1']])).toBe('registry')

    for (const method of ['find', 'resolve', 'listTags', 'facts', 'retag'] as const)
      expect(fallback[method]).not.toHaveBeenCalled()
    expect(warn).not.toHaveBeenCalled()
  })

  test('primary throws: warning with the reason, fallback does the same step', async () => {
    const primary = engine('registry', {
      find: async () => {
        throw new Error('unsupported auth scheme Negotiate')
      },
      retag: async () => {
        throw new Error('403 Forbidden by network policy')
      }
    })
    const fallback = engine('docker', { find: async () => image, retag: async () => 'docker' })
    const warn = jest.fn<(message: string) => void>()
    const auto = new FallbackEngine(primary, fallback, warn)

    expect(await auto.find(REMOTE, 'abc1234')).toBe(image)
    expect(fallback.find).toHaveBeenCalledWith(REMOTE, 'abc1234')
    expect(warn).toHaveBeenLastCalledWith(expect.stringContaining('unsupported auth scheme Negotiate'))
    expect(warn).toHaveBeenLastCalledWith(expect.stringMatching(/registry engine failed.*trying the docker engine/))

    expect(await auto.retag(image, [['v1'], ['latest']])).toBe('docker')
    expect(fallback.retag).toHaveBeenCalledWith(image, [['v1'], ['latest']], undefined)
    expect(warn).toHaveBeenLastCalledWith(expect.stringContaining('403 Forbidden by network policy'))
    expect(warn).toHaveBeenCalledTimes(2)
  })

  test('copy and retag into a destination: the same destination through the fallback', async () => {
    const hub = parseRepository('docker.io/acme/api')
    const stats = { mounted: 0, copied: 0, skipped: 0, bytes: 0, manifests: 0, referrers: 0 }
    const refused = async (): Promise<never> => {
      throw new Error('blob upload refused')
    }
    const primary = engine('registry', { copy: refused, retag: refused })
    const fallback = engine('docker', { copy: async () => stats, retag: async () => 'docker' })
    const warn = jest.fn<(message: string) => void>()
    const auto = new FallbackEngine(primary, fallback, warn)

    expect(await auto.copy(image, hub, { referrers: true })).toBe(stats)
    expect(fallback.copy).toHaveBeenCalledWith(image, hub, { referrers: true })
    expect(warn).toHaveBeenLastCalledWith(
      expect.stringMatching(/^copying through the registry engine failed \(blob upload refused\)/)
    )
    expect(await auto.retag(image, [['v1']], hub)).toBe('docker')
    expect(fallback.retag).toHaveBeenCalledWith(image, [['v1']], hub)
  })

  test('primary finds nothing (undefined): that is the answer, the fallback is not asked', async () => {
    const primary = engine('registry', {
      find: async () => undefined,
      resolve: async (_r, tags) => tags.map(() => undefined)
    })
    const fallback = engine('docker')
    const warn = jest.fn<(message: string) => void>()
    const auto = new FallbackEngine(primary, fallback, warn)

    expect(await auto.find(REMOTE, 'abc1234')).toBeUndefined()
    expect(await auto.resolve(REMOTE, ['v1'])).toEqual([undefined])
    expect(fallback.find).not.toHaveBeenCalled()
    expect(fallback.resolve).not.toHaveBeenCalled()
    expect(warn).not.toHaveBeenCalled()
  })

  test('both fail: the fallback’s error is what the caller sees', async () => {
    const primary = engine('registry', {
      find: async () => {
        throw new Error('registry down')
      }
    })
    const fallback = engine('docker', {
      find: async () => {
        throw new DockerError('docker manifest inspect: unauthorized')
      }
    })
    const warn = jest.fn<(message: string) => void>()
    await expect(new FallbackEngine(primary, fallback, warn).find(REMOTE, 'abc1234')).rejects.toThrow(
      'docker manifest inspect: unauthorized'
    )
    expect(warn).toHaveBeenCalledTimes(1)
  })

  test('a partial re-tag is not tried again through the fallback', async () => {
    const partial = new PartialRetagError('DENIED', ['ghcr.io/o/api:v1'])
    const primary = engine('registry', {
      retag: async () => {
        throw partial
      }
    })
    const fallback = engine('docker')
    const warn = jest.fn<(message: string) => void>()
    await expect(new FallbackEngine(primary, fallback, warn).retag(image, [['v1'], ['latest']])).rejects.toBe(partial)
    expect(fallback.retag).not.toHaveBeenCalled()
    expect(warn).not.toHaveBeenCalled()
  })

  test('a tag the registry stored something else under is not written again through the fallback', async () => {
    const stored = new TagMismatchError(
      'pushing ghcr.io/o/api:v1: the registry stored sha256:b under v1, expected sha256:a'
    )
    const primary = engine('registry', {
      retag: async () => {
        throw stored
      }
    })
    const fallback = engine('docker')
    const warn = jest.fn<(message: string) => void>()
    await expect(new FallbackEngine(primary, fallback, warn).retag(image, [['v1']])).rejects.toBe(stored)
    expect(fallback.retag).not.toHaveBeenCalled()
    expect(warn).not.toHaveBeenCalled()
  })

  test('a tag list the client stopped reading is not read again through the fallback', async () => {
    const endless = new RegistryError('listing tags of ghcr.io/o/api: stopped after 1000 pages', { operation: 'list' })
    const primary = engine('registry', {
      listTags: async () => {
        throw endless
      }
    })
    const fallback = engine('docker')
    const warn = jest.fn<(message: string) => void>()
    await expect(new FallbackEngine(primary, fallback, warn).listTags(REMOTE)).rejects.toBe(endless)
    expect(fallback.listTags).not.toHaveBeenCalled()
    expect(warn).not.toHaveBeenCalled()
  })

  test('the warning carries the advice for a registry error', async () => {
    const denied = Object.assign(new Error('fetching ghcr.io/o/api:abc1234: DENIED.'), {
      status: 403,
      operation: 'fetch',
      registry: 'ghcr.io'
    })
    const primary = engine('registry', {
      find: async () => {
        throw denied
      }
    })
    const warn = jest.fn<(message: string) => void>()
    await new FallbackEngine(primary, engine('docker', { find: async () => undefined }), warn).find(REMOTE, 'abc1234')
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('DENIED. The credentials lack read access'))
  })
})
