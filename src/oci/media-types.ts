export const MEDIA_TYPES = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json'
} as const

/** Manifests that list other manifests (multi-arch). */
export const INDEX_TYPES: ReadonlySet<string> = new Set([MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerList])

/** Every manifest kind a release may point at; without it registries may convert or refuse. */
export const ACCEPT = Object.values(MEDIA_TYPES).join(', ')

/** Every manifest kind this client accepts from a registry (the ones it asks for). */
export const MANIFEST_TYPES: ReadonlySet<string> = new Set(Object.values(MEDIA_TYPES))

/** Content types that say nothing about the body: some registries and proxies send these for manifests. */
export const GENERIC_TYPES: ReadonlySet<string> = new Set([
  '',
  'application/json',
  'text/plain',
  'application/octet-stream'
])
