#!/usr/bin/env node
import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 7163:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const debug = __nccwpck_require__(1159)
const { MAX_LENGTH, MAX_SAFE_INTEGER } = __nccwpck_require__(5101)
const { safeRe: re, t } = __nccwpck_require__(5471)

const parseOptions = __nccwpck_require__(356)
const { compareIdentifiers } = __nccwpck_require__(3348)

const isPrereleaseIdentifier = (prerelease, identifier) => {
  const identifiers = identifier.split('.')
  if (identifiers.length > prerelease.length) {
    return false
  }

  for (let i = 0; i < identifiers.length; i++) {
    if (compareIdentifiers(prerelease[i], identifiers[i]) !== 0) {
      return false
    }
  }

  return true
}

class SemVer {
  constructor (version, options) {
    options = parseOptions(options)

    if (version instanceof SemVer) {
      if (version.loose === !!options.loose &&
        version.includePrerelease === !!options.includePrerelease) {
        return version
      } else {
        version = version.version
      }
    } else if (typeof version !== 'string') {
      throw new TypeError(`Invalid version. Must be a string. Got type "${typeof version}".`)
    }

    if (version.length > MAX_LENGTH) {
      throw new TypeError(
        `version is longer than ${MAX_LENGTH} characters`
      )
    }

    debug('SemVer', version, options)
    this.options = options
    this.loose = !!options.loose
    // this isn't actually relevant for versions, but keep it so that we
    // don't run into trouble passing this.options around.
    this.includePrerelease = !!options.includePrerelease

    const m = version.trim().match(options.loose ? re[t.LOOSE] : re[t.FULL])

    if (!m) {
      throw new TypeError(`Invalid Version: ${version}`)
    }

    this.raw = version

    // these are actually numbers
    this.major = +m[1]
    this.minor = +m[2]
    this.patch = +m[3]

    if (this.major > MAX_SAFE_INTEGER || this.major < 0) {
      throw new TypeError('Invalid major version')
    }

    if (this.minor > MAX_SAFE_INTEGER || this.minor < 0) {
      throw new TypeError('Invalid minor version')
    }

    if (this.patch > MAX_SAFE_INTEGER || this.patch < 0) {
      throw new TypeError('Invalid patch version')
    }

    // numberify any prerelease numeric ids
    if (!m[4]) {
      this.prerelease = []
    } else {
      this.prerelease = m[4].split('.').map((id) => {
        if (/^[0-9]+$/.test(id)) {
          const num = +id
          if (num >= 0 && num < MAX_SAFE_INTEGER) {
            return num
          }
        }
        return id
      })
    }

    this.build = m[5] ? m[5].split('.') : []
    this.format()
  }

  format () {
    this.version = `${this.major}.${this.minor}.${this.patch}`
    if (this.prerelease.length) {
      this.version += `-${this.prerelease.join('.')}`
    }
    return this.version
  }

  toString () {
    return this.version
  }

  compare (other) {
    debug('SemVer.compare', this.version, this.options, other)
    if (!(other instanceof SemVer)) {
      if (typeof other === 'string' && other === this.version) {
        return 0
      }
      other = new SemVer(other, this.options)
    }

    if (other.version === this.version) {
      return 0
    }

    return this.compareMain(other) || this.comparePre(other)
  }

  compareMain (other) {
    if (!(other instanceof SemVer)) {
      other = new SemVer(other, this.options)
    }

    if (this.major < other.major) {
      return -1
    }
    if (this.major > other.major) {
      return 1
    }
    if (this.minor < other.minor) {
      return -1
    }
    if (this.minor > other.minor) {
      return 1
    }
    if (this.patch < other.patch) {
      return -1
    }
    if (this.patch > other.patch) {
      return 1
    }
    return 0
  }

  comparePre (other) {
    if (!(other instanceof SemVer)) {
      other = new SemVer(other, this.options)
    }

    // NOT having a prerelease is > having one
    if (this.prerelease.length && !other.prerelease.length) {
      return -1
    } else if (!this.prerelease.length && other.prerelease.length) {
      return 1
    } else if (!this.prerelease.length && !other.prerelease.length) {
      return 0
    }

    let i = 0
    do {
      const a = this.prerelease[i]
      const b = other.prerelease[i]
      debug('prerelease compare', i, a, b)
      if (a === undefined && b === undefined) {
        return 0
      } else if (b === undefined) {
        return 1
      } else if (a === undefined) {
        return -1
      } else if (a === b) {
        continue
      } else {
        return compareIdentifiers(a, b)
      }
    } while (++i)
  }

  compareBuild (other) {
    if (!(other instanceof SemVer)) {
      other = new SemVer(other, this.options)
    }

    let i = 0
    do {
      const a = this.build[i]
      const b = other.build[i]
      debug('build compare', i, a, b)
      if (a === undefined && b === undefined) {
        return 0
      } else if (b === undefined) {
        return 1
      } else if (a === undefined) {
        return -1
      } else if (a === b) {
        continue
      } else {
        return compareIdentifiers(a, b)
      }
    } while (++i)
  }

  // preminor will bump the version up to the next minor release, and immediately
  // down to pre-release. premajor and prepatch work the same way.
  inc (release, identifier, identifierBase) {
    if (release.startsWith('pre')) {
      if (!identifier && identifierBase === false) {
        throw new Error('invalid increment argument: identifier is empty')
      }
      // Avoid an invalid semver results
      if (identifier) {
        const match = `-${identifier}`.match(this.options.loose ? re[t.PRERELEASELOOSE] : re[t.PRERELEASE])
        if (!match || match[1] !== identifier) {
          throw new Error(`invalid identifier: ${identifier}`)
        }
      }
    }

    switch (release) {
      case 'premajor':
        this.prerelease.length = 0
        this.patch = 0
        this.minor = 0
        this.major++
        this.inc('pre', identifier, identifierBase)
        break
      case 'preminor':
        this.prerelease.length = 0
        this.patch = 0
        this.minor++
        this.inc('pre', identifier, identifierBase)
        break
      case 'prepatch':
        // If this is already a prerelease, it will bump to the next version
        // drop any prereleases that might already exist, since they are not
        // relevant at this point.
        this.prerelease.length = 0
        this.inc('patch', identifier, identifierBase)
        this.inc('pre', identifier, identifierBase)
        break
      // If the input is a non-prerelease version, this acts the same as
      // prepatch.
      case 'prerelease':
        if (this.prerelease.length === 0) {
          this.inc('patch', identifier, identifierBase)
        }
        this.inc('pre', identifier, identifierBase)
        break
      case 'release':
        if (this.prerelease.length === 0) {
          throw new Error(`version ${this.raw} is not a prerelease`)
        }
        this.prerelease.length = 0
        break

      case 'major':
        // If this is a pre-major version, bump up to the same major version.
        // Otherwise increment major.
        // 1.0.0-5 bumps to 1.0.0
        // 1.1.0 bumps to 2.0.0
        if (
          this.minor !== 0 ||
          this.patch !== 0 ||
          this.prerelease.length === 0
        ) {
          this.major++
        }
        this.minor = 0
        this.patch = 0
        this.prerelease = []
        break
      case 'minor':
        // If this is a pre-minor version, bump up to the same minor version.
        // Otherwise increment minor.
        // 1.2.0-5 bumps to 1.2.0
        // 1.2.1 bumps to 1.3.0
        if (this.patch !== 0 || this.prerelease.length === 0) {
          this.minor++
        }
        this.patch = 0
        this.prerelease = []
        break
      case 'patch':
        // If this is not a pre-release version, it will increment the patch.
        // If it is a pre-release it will bump up to the same patch version.
        // 1.2.0-5 patches to 1.2.0
        // 1.2.0 patches to 1.2.1
        if (this.prerelease.length === 0) {
          this.patch++
        }
        this.prerelease = []
        break
      // This probably shouldn't be used publicly.
      // 1.0.0 'pre' would become 1.0.0-0 which is the wrong direction.
      case 'pre': {
        const base = Number(identifierBase) ? 1 : 0

        if (this.prerelease.length === 0) {
          this.prerelease = [base]
        } else {
          let i = this.prerelease.length
          while (--i >= 0) {
            if (typeof this.prerelease[i] === 'number') {
              this.prerelease[i]++
              i = -2
            }
          }
          if (i === -1) {
            // didn't increment anything
            if (identifier === this.prerelease.join('.') && identifierBase === false) {
              throw new Error('invalid increment argument: identifier already exists')
            }
            this.prerelease.push(base)
          }
        }
        if (identifier) {
          // 1.2.0-beta.1 bumps to 1.2.0-beta.2,
          // 1.2.0-beta.fooblz or 1.2.0-beta bumps to 1.2.0-beta.0
          let prerelease = [identifier, base]
          if (identifierBase === false) {
            prerelease = [identifier]
          }
          if (isPrereleaseIdentifier(this.prerelease, identifier)) {
            const prereleaseBase = this.prerelease[identifier.split('.').length]
            if (isNaN(prereleaseBase)) {
              this.prerelease = prerelease
            }
          } else {
            this.prerelease = prerelease
          }
        }
        break
      }
      default:
        throw new Error(`invalid increment argument: ${release}`)
    }
    this.raw = this.format()
    if (this.build.length) {
      this.raw += `+${this.build.join('.')}`
    }
    return this
  }
}

module.exports = SemVer


/***/ }),

/***/ 6353:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const SemVer = __nccwpck_require__(7163)
const parse = (version, options, throwErrors = false) => {
  if (version instanceof SemVer) {
    return version
  }
  try {
    return new SemVer(version, options)
  } catch (er) {
    if (!throwErrors) {
      return null
    }
    throw er
  }
}

module.exports = parse


/***/ }),

/***/ 5101:
/***/ ((module) => {



// Note: this is the semver.org version of the spec that it implements
// Not necessarily the package version of this code.
const SEMVER_SPEC_VERSION = '2.0.0'

const MAX_LENGTH = 256
const MAX_SAFE_INTEGER = Number.MAX_SAFE_INTEGER ||
/* istanbul ignore next */ 9007199254740991

// Max safe segment length for coercion.
const MAX_SAFE_COMPONENT_LENGTH = 16

// Max safe length for a build identifier. The max length minus 6 characters for
// the shortest version with a build 0.0.0+BUILD.
const MAX_SAFE_BUILD_LENGTH = MAX_LENGTH - 6

// ECMAScript whitespace and line terminators matched by \s.
const WHITESPACE_CHARACTERS = [
  '\t',
  '\n',
  '\v',
  '\f',
  '\r',
  ' ',
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u2001',
  '\u2002',
  '\u2003',
  '\u2004',
  '\u2005',
  '\u2006',
  '\u2007',
  '\u2008',
  '\u2009',
  '\u200a',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
  '\ufeff',
]

const RELEASE_TYPES = [
  'major',
  'premajor',
  'minor',
  'preminor',
  'patch',
  'prepatch',
  'prerelease',
]

module.exports = {
  MAX_LENGTH,
  MAX_SAFE_COMPONENT_LENGTH,
  MAX_SAFE_BUILD_LENGTH,
  MAX_SAFE_INTEGER,
  WHITESPACE_CHARACTERS,
  RELEASE_TYPES,
  SEMVER_SPEC_VERSION,
  FLAG_INCLUDE_PRERELEASE: 0b001,
  FLAG_LOOSE: 0b010,
}


/***/ }),

/***/ 1159:
/***/ ((module) => {



const debug = (
  typeof process === 'object' &&
  process.env &&
  process.env.NODE_DEBUG &&
  /\bsemver\b/i.test(process.env.NODE_DEBUG)
) ? (...args) => console.error('SEMVER', ...args)
  : () => {}

module.exports = debug


/***/ }),

/***/ 3348:
/***/ ((module) => {



const numeric = /^[0-9]+$/
const compareIdentifiers = (a, b) => {
  if (typeof a === 'number' && typeof b === 'number') {
    return a === b ? 0 : a < b ? -1 : 1
  }

  const anum = numeric.test(a)
  const bnum = numeric.test(b)

  if (anum && bnum) {
    a = +a
    b = +b
  }

  return a === b ? 0
    : (anum && !bnum) ? -1
    : (bnum && !anum) ? 1
    : a < b ? -1
    : 1
}

const rcompareIdentifiers = (a, b) => compareIdentifiers(b, a)

module.exports = {
  compareIdentifiers,
  rcompareIdentifiers,
}


/***/ }),

/***/ 356:
/***/ ((module) => {



// parse out just the options we care about
const looseOption = Object.freeze({ loose: true })
const emptyOpts = Object.freeze({ })
const parseOptions = options => {
  if (!options) {
    return emptyOpts
  }

  if (typeof options !== 'object') {
    return looseOption
  }

  return options
}
module.exports = parseOptions


/***/ }),

/***/ 5471:
/***/ ((module, exports, __nccwpck_require__) => {



const {
  MAX_SAFE_COMPONENT_LENGTH,
  MAX_SAFE_BUILD_LENGTH,
  MAX_LENGTH,
} = __nccwpck_require__(5101)
const debug = __nccwpck_require__(1159)
exports = module.exports = {}

// The actual regexps go on exports.re
const re = exports.re = []
const safeRe = exports.safeRe = []
const src = exports.src = []
const safeSrc = exports.safeSrc = []
const t = exports.t = {}
let R = 0

const LETTERDASHNUMBER = '[a-zA-Z0-9-]'

// Replace some greedy regex tokens to prevent regex dos issues. These regex are
// used internally via the safeRe object since all inputs in this library get
// normalized first to trim and collapse all extra whitespace. The original
// regexes are exported for userland consumption and lower level usage. A
// future breaking change could export the safer regex only with a note that
// all input should have extra whitespace removed.
const safeRegexReplacements = [
  ['\\s', 1],
  ['\\d', MAX_LENGTH],
  [LETTERDASHNUMBER, MAX_SAFE_BUILD_LENGTH],
]

const makeSafeRegex = (value) => {
  for (const [token, max] of safeRegexReplacements) {
    value = value
      .split(`${token}*`).join(`${token}{0,${max}}`)
      .split(`${token}+`).join(`${token}{1,${max}}`)
  }
  return value
}

const createToken = (name, value, isGlobal) => {
  const safe = makeSafeRegex(value)
  const index = R++
  debug(name, index, value)
  t[name] = index
  src[index] = value
  safeSrc[index] = safe
  re[index] = new RegExp(value, isGlobal ? 'g' : undefined)
  safeRe[index] = new RegExp(safe, isGlobal ? 'g' : undefined)
}

// The following Regular Expressions can be used for tokenizing,
// validating, and parsing SemVer version strings.

// ## Numeric Identifier
// A single `0`, or a non-zero digit followed by zero or more digits.

createToken('NUMERICIDENTIFIER', '0|[1-9]\\d*')
createToken('NUMERICIDENTIFIERLOOSE', '\\d+')

// ## Non-numeric Identifier
// Zero or more digits, followed by a letter or hyphen, and then zero or
// more letters, digits, or hyphens.

createToken('NONNUMERICIDENTIFIER', `\\d*[a-zA-Z-]${LETTERDASHNUMBER}*`)

// ## Main Version
// Three dot-separated numeric identifiers.

createToken('MAINVERSION', `(${src[t.NUMERICIDENTIFIER]})\\.` +
                   `(${src[t.NUMERICIDENTIFIER]})\\.` +
                   `(${src[t.NUMERICIDENTIFIER]})`)

createToken('MAINVERSIONLOOSE', `(${src[t.NUMERICIDENTIFIERLOOSE]})\\.` +
                        `(${src[t.NUMERICIDENTIFIERLOOSE]})\\.` +
                        `(${src[t.NUMERICIDENTIFIERLOOSE]})`)

// ## Pre-release Version Identifier
// A numeric identifier, or a non-numeric identifier.
// Non-numeric identifiers include numeric identifiers but can be longer.
// Therefore non-numeric identifiers must go first.

createToken('PRERELEASEIDENTIFIER', `(?:${src[t.NONNUMERICIDENTIFIER]
}|${src[t.NUMERICIDENTIFIER]})`)

createToken('PRERELEASEIDENTIFIERLOOSE', `(?:${src[t.NONNUMERICIDENTIFIER]
}|${src[t.NUMERICIDENTIFIERLOOSE]})`)

// ## Pre-release Version
// Hyphen, followed by one or more dot-separated pre-release version
// identifiers.

createToken('PRERELEASE', `(?:-(${src[t.PRERELEASEIDENTIFIER]
}(?:\\.${src[t.PRERELEASEIDENTIFIER]})*))`)

createToken('PRERELEASELOOSE', `(?:-?(${src[t.PRERELEASEIDENTIFIERLOOSE]
}(?:\\.${src[t.PRERELEASEIDENTIFIERLOOSE]})*))`)

// ## Build Metadata Identifier
// Any combination of digits, letters, or hyphens.

createToken('BUILDIDENTIFIER', `${LETTERDASHNUMBER}+`)

// ## Build Metadata
// Plus sign, followed by one or more period-separated build metadata
// identifiers.

createToken('BUILD', `(?:\\+(${src[t.BUILDIDENTIFIER]
}(?:\\.${src[t.BUILDIDENTIFIER]})*))`)

// ## Full Version String
// A main version, followed optionally by a pre-release version and
// build metadata.

// Note that the only major, minor, patch, and pre-release sections of
// the version string are capturing groups.  The build metadata is not a
// capturing group, because it should not ever be used in version
// comparison.

createToken('FULLPLAIN', `v?${src[t.MAINVERSION]
}${src[t.PRERELEASE]}?${
  src[t.BUILD]}?`)

createToken('FULL', `^${src[t.FULLPLAIN]}$`)

// like full, but allows v1.2.3 and =1.2.3, which people do sometimes.
// also, 1.0.0alpha1 (prerelease without the hyphen) which is pretty
// common in the npm registry.
createToken('LOOSEPLAIN', `[v=\\s]*${src[t.MAINVERSIONLOOSE]
}${src[t.PRERELEASELOOSE]}?${
  src[t.BUILD]}?`)

createToken('LOOSE', `^${src[t.LOOSEPLAIN]}$`)

createToken('GTLT', '((?:<|>)?=?)')

// Something like "2.*" or "1.2.x".
// Note that "x.x" is a valid xRange identifier, meaning "any version"
// Only the first item is strictly required.
createToken('XRANGEIDENTIFIERLOOSE', `${src[t.NUMERICIDENTIFIERLOOSE]}|x|X|\\*`)
createToken('XRANGEIDENTIFIER', `${src[t.NUMERICIDENTIFIER]}|x|X|\\*`)

createToken('XRANGEPLAIN', `[v=\\s]*(${src[t.XRANGEIDENTIFIER]})` +
                   `(?:\\.(${src[t.XRANGEIDENTIFIER]})` +
                   `(?:\\.(${src[t.XRANGEIDENTIFIER]})` +
                   `(?:${src[t.PRERELEASE]})?${
                     src[t.BUILD]}?` +
                   `)?)?`)

createToken('XRANGEPLAINLOOSE', `[v=\\s]*(${src[t.XRANGEIDENTIFIERLOOSE]})` +
                        `(?:\\.(${src[t.XRANGEIDENTIFIERLOOSE]})` +
                        `(?:\\.(${src[t.XRANGEIDENTIFIERLOOSE]})` +
                        `(?:${src[t.PRERELEASELOOSE]})?${
                          src[t.BUILD]}?` +
                        `)?)?`)

createToken('XRANGE', `^${src[t.GTLT]}\\s*${src[t.XRANGEPLAIN]}$`)
createToken('XRANGELOOSE', `^${src[t.GTLT]}\\s*${src[t.XRANGEPLAINLOOSE]}$`)

// Coercion.
// Extract anything that could conceivably be a part of a valid semver
createToken('COERCEPLAIN', `${'(^|[^\\d])' +
              '(\\d{1,'}${MAX_SAFE_COMPONENT_LENGTH}})` +
              `(?:\\.(\\d{1,${MAX_SAFE_COMPONENT_LENGTH}}))?` +
              `(?:\\.(\\d{1,${MAX_SAFE_COMPONENT_LENGTH}}))?`)
createToken('COERCE', `${src[t.COERCEPLAIN]}(?:$|[^\\d])`)
createToken('COERCEFULL', src[t.COERCEPLAIN] +
              `(?:${src[t.PRERELEASE]})?` +
              `(?:${src[t.BUILD]})?` +
              `(?:$|[^\\d])`)
createToken('COERCERTL', src[t.COERCE], true)
createToken('COERCERTLFULL', src[t.COERCEFULL], true)

// Tilde ranges.
// Meaning is "reasonably at or greater than"
createToken('LONETILDE', '(?:~>?)')

createToken('TILDETRIM', `(\\s*)${src[t.LONETILDE]}\\s+`, true)
exports.tildeTrimReplace = '$1~'

createToken('TILDE', `^${src[t.LONETILDE]}${src[t.XRANGEPLAIN]}$`)
createToken('TILDELOOSE', `^${src[t.LONETILDE]}${src[t.XRANGEPLAINLOOSE]}$`)

// Caret ranges.
// Meaning is "at least and backwards compatible with"
createToken('LONECARET', '(?:\\^)')

createToken('CARETTRIM', `(\\s*)${src[t.LONECARET]}\\s+`, true)
exports.caretTrimReplace = '$1^'

createToken('CARET', `^${src[t.LONECARET]}${src[t.XRANGEPLAIN]}$`)
createToken('CARETLOOSE', `^${src[t.LONECARET]}${src[t.XRANGEPLAINLOOSE]}$`)

// A simple gt/lt/eq thing, or just "" to indicate "any version"
createToken('COMPARATORLOOSE', `^${src[t.GTLT]}\\s*(${src[t.LOOSEPLAIN]})$|^$`)
createToken('COMPARATOR', `^${src[t.GTLT]}\\s*(${src[t.FULLPLAIN]})$|^$`)

// An expression to strip any whitespace between the gtlt and the thing
// it modifies, so that `> 1.2.3` ==> `>1.2.3`
createToken('COMPARATORTRIM', `(\\s*)${src[t.GTLT]
}\\s*(${src[t.LOOSEPLAIN]}|${src[t.XRANGEPLAIN]})`, true)
exports.comparatorTrimReplace = '$1$2$3'

// Something like `1.2.3 - 1.2.4`
// Note that these all use the loose form, because they'll be
// checked against either the strict or loose comparator form
// later.
createToken('HYPHENRANGE', `^\\s*(${src[t.XRANGEPLAIN]})` +
                   `\\s+-\\s+` +
                   `(${src[t.XRANGEPLAIN]})` +
                   `\\s*$`)

createToken('HYPHENRANGELOOSE', `^\\s*(${src[t.XRANGEPLAINLOOSE]})` +
                        `\\s+-\\s+` +
                        `(${src[t.XRANGEPLAINLOOSE]})` +
                        `\\s*$`)

// Star ranges basically just allow anything at all.
createToken('STAR', '(<|>)?=?\\s*\\*')
// >=0.0.0 is like a star
createToken('GTE0', '^\\s*>=\\s*0\\.0\\.0\\s*$')
createToken('GTE0PRE', '^\\s*>=\\s*0\\.0\\.0-0\\s*$')


/***/ }),

/***/ 486:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(8317);

process.exitCode = await (0,_main_js__WEBPACK_IMPORTED_MODULE_0__/* .main */ .iW)(process.argv.slice(2));

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 8317:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  iW: () => (/* binding */ main)
});

// UNUSED EXPORTS: HELP, cliHost, parseArgs, processTerminal

;// CONCATENATED MODULE: external "node:child_process"
const external_node_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");
;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: ./src/errors.ts
/** Thrown for any input that does not have the expected format; the message names the input. */
class InputError extends Error {
    name = 'InputError';
}
/** A version tag already names other bits: releasing would rewrite history, so nothing is written. */
class TagConflictError extends Error {
    name = 'TagConflictError';
}
function messageOf(error) {
    return error instanceof Error ? error.message : String(error);
}
/**
 * What to do about a registry error, said to a person and naming this action's inputs; empty
 * when the code says it all. Only errors that say which operation failed get advice.
 */
function hintFor(error) {
    const { status = 0, code, operation, registry } = error;
    if (operation === undefined)
        return '';
    const words = `${error.detail ?? ''} ${error.message ?? ''}`;
    if (code === 'TAG_INVALID' && /immutable/i.test(words))
        return immutableTagHint(tagOf(error, words));
    if (/permission_denied: write_package/i.test(words))
        return GHCR_WRITE_PACKAGE;
    if (status === 401 || code === 'UNAUTHORIZED') {
        return ' Check the credentials: the username/password inputs, docker login (config.json), or github-token for ghcr.io.';
    }
    if (status === 403 || code === 'DENIED')
        return deniedHint(operation === 'push', registry);
    if (status === 429 || code === 'TOOMANYREQUESTS')
        return ' The registry rate-limits this client: log in to raise the limit, or try again later.';
    if (code === 'NAME_INVALID')
        return ' The registry does not accept this repository name.';
    if (code === 'MANIFEST_BLOB_UNKNOWN' || code === 'BLOB_UNKNOWN')
        return ' The manifest refers to blobs this repository does not have.';
    if (code === 'UNSUPPORTED')
        return ' The registry does not support this operation (or this manifest media type).';
    if (status >= 500)
        return ' The registry failed; it was retried before giving up.';
    return '';
}
function deniedHint(pushing, registry) {
    if (pushing && registry === 'ghcr.io') {
        return ' Pushing to ghcr.io with GITHUB_TOKEN needs `permissions: packages: write` in the job, or a token with write:packages.';
    }
    if (pushing)
        return ' The credentials may read but not write this repository.';
    return ' The credentials lack read access, or the repository does not exist (some registries answer DENIED for both).';
}
const GHCR_WRITE_PACKAGE = ' GHCR refused to write the package (permission_denied: write_package). Give the job `permissions: packages: write`;' +
    " a package first pushed outside this repository's workflows also needs the repository added in the" +
    ' package settings, under "Manage Actions access", with the Write role.';
/** ECR (and others) refuse to move a tag of an immutable repository; a moving tag needs an exclusion there. */
function immutableTagHint(tag) {
    const named = tag === undefined ? 'this tag' : `\`${tag}\``;
    const filter = tag === undefined ? 'for that tag (e.g. `latest`)' : `\`${tag}\``;
    return (` The repository's tags are immutable and ${named} already exists, so it cannot be moved.` +
        ` If ${named} is meant to move (latest, floating tags), give the repository an exclusion for it: on ECR, tag` +
        ` mutability IMMUTABLE_WITH_EXCLUSION with an image tag mutability exclusion filter ${filter};` +
        ' otherwise leave the tag out of the release.');
}
/** A tag shape (the OCI rule): nothing else is put into a hint. */
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
/**
 * The tag a write failed on: the error's own field, else the one the registry's message names
 * (ECR: "The image tag 'latest' already exists …"), else the reference in `pushing <ref>: …`.
 */
function tagOf(error, words) {
    const candidates = [
        error.reference,
        /image tag '([^']*)'/i.exec(words)?.[1],
        /^pushing \S+?:([^\s:/]+): /.exec(error.message ?? '')?.[1]
    ];
    return candidates.find((tag) => tag !== undefined && TAG.test(tag));
}
/** The message of anything thrown, with the advice for a person when there is some. */
function explain(error) {
    const facts = typeof error === 'object' && error !== null ? error : {};
    return `${messageOf(error)}${hintFor(facts)}`;
}

;// CONCATENATED MODULE: ./src/template.ts

/** The placeholders each kind of template may use, in the order an error lists them. */
const PLACEHOLDERS = {
    image: ['app'],
    tag: ['app', 'commit', 'short', 'version'],
    /** A floating tag names a line of versions, so it has no per-commit or per-version placeholder. */
    floating: ['app', 'major', 'minor'],
    build: ['app', 'version', 'commit', 'short', 'commit-tag', 'image']
};
const PLACEHOLDER = /\{([^{}]*)\}/g;
/** Braces in a build command that are not written like ours (`{}`, `{HOME}`) belong to the program. */
const LOOKS_LIKE_OURS = /^[a-z][a-z_-]*$/;
/** `{app, commit}` as an error lists them. */
function listPlaceholders(kind) {
    return PLACEHOLDERS[kind].map((name) => `{${name}}`).join(', ');
}
/**
 * Replaces every `{name}`. An unknown placeholder is an error naming the input, so a typo such as
 * `{comit}` fails before anything is written instead of producing a literal tag.
 */
function renderTemplate(kind, template, values, input) {
    return fill(template, values, (whole) => {
        throw new InputError(`Invalid ${input} '${template}': unknown placeholder ${whole}. Expected any of ${listPlaceholders(kind)}.`);
    });
}
/** Replaces the known placeholders of one word of a build command; anything else stays as written. */
function renderWord(word, values) {
    return fill(word, values, (whole) => whole);
}
/** Placeholders written like ours but unknown in a build command: a typo, caught before anything runs. */
function unknownBuildPlaceholders(template) {
    const known = PLACEHOLDERS.build;
    return [...template.matchAll(PLACEHOLDER)]
        .map((m) => m[1])
        .filter((name) => LOOKS_LIKE_OURS.test(name) && !known.includes(name));
}
function fill(template, values, unknown) {
    return template.replace(PLACEHOLDER, (whole, name) => Object.hasOwn(values, name) ? values[name] : unknown(whole));
}

;// CONCATENATED MODULE: ./src/build.ts

/**
 * Splits a command template into words the way a POSIX shell would for quoting only: single
 * quotes, double quotes and backslashes group characters; nothing is expanded or executed.
 */
function splitCommand(template) {
    const words = [];
    let word = '';
    let inWord = false;
    let quote;
    for (let i = 0; i < template.length; i++) {
        const c = template[i];
        if (quote === "'") {
            if (c === "'")
                quote = undefined;
            else
                word += c;
        }
        else if (quote === '"') {
            if (c === '"')
                quote = undefined;
            else if (c === '\\' && i + 1 < template.length && '"\\$`'.includes(template[i + 1]))
                word += template[++i];
            else
                word += c;
        }
        else if (c === "'" || c === '"') {
            quote = c;
            inWord = true;
        }
        else if (c === '\\' && i + 1 < template.length) {
            word += template[++i];
            inWord = true;
        }
        else if (/\s/.test(c)) {
            if (inWord)
                words.push(word);
            word = '';
            inWord = false;
        }
        else {
            word += c;
            inWord = true;
        }
    }
    if (quote)
        throw new Error(`unterminated ${quote} quote`);
    if (inWord)
        words.push(word);
    return words;
}
/** The values a build command may use, by placeholder name and by environment variable name. */
function buildValues(plan) {
    const placeholders = {
        app: plan.app,
        version: plan.version,
        commit: plan.commit,
        short: plan.commit.slice(0, 7),
        'commit-tag': plan.commitTag,
        image: plan.image
    };
    const env = {
        APP: plan.app,
        VERSION: plan.version,
        COMMIT: plan.commit,
        COMMIT_TAG: plan.commitTag,
        IMAGE: plan.image
    };
    return { placeholders, env };
}
/**
 * The argv of the build: the template is split first, then placeholders are substituted inside
 * each word, so a value can never add words, quotes or shell syntax.
 */
function buildArgv(template, placeholders) {
    return splitCommand(template).map((word) => renderWord(word, placeholders));
}
/** What a build never sees: the action's inputs and the tokens the runner gives actions only. */
const WITHHELD = /^(INPUT_|ACTIONS_RUNTIME_TOKEN$|ACTIONS_ID_TOKEN_REQUEST_|IMAGE_RETAG_PASSWORD$)/;
/**
 * The environment a build runs in: the step's own, less what carries a credential it was not
 * given (INPUT_PASSWORD, INPUT_GITHUB-TOKEN, the runner's ACTIONS_* tokens, the CLI's password).
 */
function buildEnvironment(base, values) {
    const env = {};
    for (const [name, value] of Object.entries(base)) {
        if (value !== undefined && !WITHHELD.test(name))
            env[name] = value;
    }
    return { ...env, ...values };
}
/** Runs the build command for one app; throws when it exits non-zero. */
async function runBuild(plan, template, runner) {
    const { placeholders, env } = buildValues(plan);
    const [command, ...args] = buildArgv(template, placeholders);
    const code = await runner(command, args, env);
    if (code !== 0)
        throw new Error(`build command ${command} exited with code ${code}`);
}

;// CONCATENATED MODULE: ./src/contract.ts
/** Input names as action.yml spells them; the CLI's flags are the same names. */
const INPUT = {
    app: 'app',
    version: 'version',
    commit: 'commit',
    image: 'image',
    commitTag: 'commit-tag',
    latest: 'latest',
    tags: 'tags',
    floatingTags: 'floating-tags',
    buildCommand: 'build-command',
    onMissing: 'on-missing',
    platforms: 'platforms',
    verifyRevision: 'verify-revision',
    rebuildIfBaseChanged: 'rebuild-if-base-changed',
    maxAge: 'max-age',
    allowOverwrite: 'allow-overwrite',
    dryRun: 'dry-run',
    engine: 'engine',
    concurrency: 'concurrency',
    username: 'username',
    password: 'password',
    githubToken: 'github-token',
    insecureRegistries: 'insecure-registries',
    to: 'to',
    referrers: 'referrers'
};
/** Inputs that are `true` or `false`: a bare `--flag` on the command line. */
const BOOLEAN_INPUTS = new Set([
    INPUT.verifyRevision,
    INPUT.rebuildIfBaseChanged,
    INPUT.allowOverwrite,
    INPUT.dryRun,
    INPUT.referrers
]);
/** Inputs that are secrets: never a command-line flag, where every process could read them. */
const SECRET_INPUTS = new Set([INPUT.password, INPUT.githubToken]);
const OUTPUT = {
    path: 'path',
    retagged: 'retagged',
    image: 'image',
    digest: 'digest',
    tags: 'tags',
    reason: 'reason',
    result: 'result',
    deferred: 'deferred',
    engine: 'engine'
};

;// CONCATENATED MODULE: ./src/oci/errors.ts
/** A registry answered with an error, or could not be reached. */
class RegistryError extends Error {
    name = 'RegistryError';
    status;
    code;
    temporary;
    operation;
    registry;
    detail;
    reference;
    constructor(message, options = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.status = options.status;
        this.code = options.code;
        this.temporary = options.temporary ?? false;
        this.operation = options.operation;
        this.registry = options.registry;
        this.detail = options.detail;
        this.reference = options.reference;
    }
}
/** A string that is not a valid image reference. */
class InvalidReferenceError extends Error {
    name = 'InvalidReferenceError';
}
/** Codes of the OCI distribution spec that mean "this repository or manifest does not exist". */
const NOT_FOUND_CODES = new Set(['MANIFEST_UNKNOWN', 'NAME_UNKNOWN']);
/** Reads the OCI error envelope `{"errors":[{"code","message"}]}`; tolerates any other body. */
function parseErrorBody(text) {
    try {
        const body = JSON.parse(text);
        const first = body.errors?.[0];
        if (first && typeof first.code === 'string') {
            // the registry's words, raw: whoever quotes them scrubs secrets first, then neutralises
            return { code: first.code, message: typeof first.message === 'string' ? first.message : undefined };
        }
    }
    catch {
        // not JSON: some proxies answer with HTML
    }
    return {};
}

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __nccwpck_require__(7030);
;// CONCATENATED MODULE: ./src/oci/reference.ts


/** The canonical Docker Hub registry name, and where its API actually lives. */
const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_API = 'registry-1.docker.io';
const DOCKER_HUB_ALIASES = new Set([DOCKER_HUB, 'index.docker.io', DOCKER_HUB_API]);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const HOST_NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*$/;
const HOST_AND_PORT = /^(\[[^\]]*\]|[^:[\]]*)(?::([^:]*))?$/;
const reference_TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
/**
 * Why `registry` cannot stand before the first `/` of a reference (`host`, `host:port`,
 * `[::1]:5000`), or undefined when it can: a host name or IPv4 address the URL parser accepts,
 * an IPv6 address in brackets, and a port from 1 to 65535.
 */
function registryHostProblem(registry) {
    const parts = HOST_AND_PORT.exec(registry);
    if (!parts)
        return 'expected host or host:port, with an IPv6 address in brackets';
    const [, host, port] = parts;
    if (host.startsWith('[') ? (0,external_node_net_.isIP)(host.slice(1, -1)) !== 6 : !HOST_NAME.test(host)) {
        return host.startsWith('[') ? `${host} is not an IPv6 address` : `'${host}' is not a host name or address`;
    }
    if (port !== undefined && (!/^[0-9]{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535)) {
        return `port '${port}' is not a number from 1 to 65535`;
    }
    // what a request will be sent to: the URL parser must take it too (`999.0.0.1` is no address)
    return URL.canParse(`http://${registry}/`) ? undefined : `'${host}' is not a host name or address`;
}
function isValidTag(tag) {
    return reference_TAG.test(tag);
}
function isValidDigest(digest) {
    return DIGEST.test(digest);
}
/** A first segment names a registry only if it looks like a host (the Docker rule). */
function looksLikeHost(segment) {
    return segment.includes('.') || segment.includes(':') || segment === 'localhost';
}
/**
 * Parses a repository name without tag or digest: `nginx`, `owner/app`, `ghcr.io/o/app`,
 * `localhost:5000/app`, `[::1]:5000/app`. Docker Hub names are normalised (`library/` added).
 * Repository paths must already be lower-case: the registry would reject them otherwise.
 */
function parseRepository(name) {
    const fail = (why) => {
        throw new InvalidReferenceError(`Invalid image repository '${name}': ${why}`);
    };
    if (name === '')
        fail('it is empty');
    const slash = name.indexOf('/');
    let registry = DOCKER_HUB;
    let path = name;
    if (slash > 0 && looksLikeHost(name.slice(0, slash))) {
        registry = name.slice(0, slash).toLowerCase();
        path = name.slice(slash + 1);
        const problem = registryHostProblem(registry);
        if (problem !== undefined)
            fail(`'${registry}' is not a valid registry host: ${problem}`);
    }
    if (/[:@]/.test(path))
        fail('expected a repository without tag or digest (the action adds the tags)');
    if (DOCKER_HUB_ALIASES.has(registry)) {
        registry = DOCKER_HUB;
        if (!path.includes('/'))
            path = `library/${path}`;
    }
    if (path === '')
        fail('the repository path is empty');
    for (const component of path.split('/')) {
        if (!PATH_COMPONENT.test(component)) {
            fail(component.toLowerCase() !== component
                ? 'repository names must be lower-case'
                : `'${component}' is not a valid path component (lower-case letters, digits, and . _ - separators)`);
        }
    }
    if (path.length > 255)
        fail('the repository path is longer than 255 characters');
    return { registry, path };
}
/** The host that serves the registry's API (Docker Hub's API is not on docker.io). */
function apiHost(registry) {
    return registry === DOCKER_HUB ? DOCKER_HUB_API : registry;
}
/** `ghcr.io/o/app`; Docker Hub repositories keep their full canonical form. */
function formatRepository(repo) {
    return `${repo.registry}/${repo.path}`;
}
/** `ghcr.io/o/app:tag` */
function formatReference(repo, tag) {
    return `${formatRepository(repo)}:${tag}`;
}
/** Host without port, brackets removed, as written. */
function hostname(registry) {
    const bracketed = /^\[([^\]]+)\]/.exec(registry);
    if (bracketed)
        return bracketed[1];
    return registry.replace(/:[0-9]+$/, '');
}
/** `127.0.0.0/8`, or the same as an IPv4-mapped IPv6 address, in the URL parser's canonical form. */
const LOOPBACK_ADDRESS = /^(?:127\.[0-9]+\.[0-9]+\.[0-9]+|\[::1\]|\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\])$/;
/**
 * Loopback registries are always spoken to over plain HTTP (test and CI registries). Decided on
 * the address a request goes to, as the URL parser reads it: `127.1`, `0x7f.1`, `[::ffff:127.0.0.1]`
 * and `[0:0:0:0:0:0:0:1]` are loopback, `127.0.0.1.example.com` is not. Takes `host`, `host:port`,
 * or an IPv6 address with or without brackets.
 */
function isLoopback(registry) {
    const host = (0,external_node_net_.isIP)(registry) === 6 ? `[${registry}]` : registry;
    if (!URL.canParse(`http://${host}/`))
        return false;
    const { hostname: parsed } = new URL(`http://${host}/`);
    return parsed === 'localhost' || LOOPBACK_ADDRESS.test(parsed);
}

// EXTERNAL MODULE: ./node_modules/semver/functions/parse.js
var parse = __nccwpck_require__(6353);
var parse_default = /*#__PURE__*/__nccwpck_require__.n(parse);
;// CONCATENATED MODULE: ./src/tags.ts
// the one function the tag policy needs: the whole of semver (ranges and all) is start-up time



const TAG_FORMAT = 'an OCI tag: [A-Za-z0-9_][A-Za-z0-9._-]{0,127}';
function validateTag(tag, input, template) {
    if (!isValidTag(tag)) {
        const from = template && template !== tag ? ` (from '${template}')` : '';
        throw new InputError(`Invalid ${input} '${tag}'${from}. Expected ${TAG_FORMAT}.`);
    }
    return tag;
}
/** `v1.2.3` or `1.2.3`, strictly: `v1.2` or `release-1` are not versions `latest` can follow. */
function parseVersion(tag) {
    return parse_default()(tag.replace(/^v(?=\d)/, ''));
}
/**
 * Where the tag list `latest: auto` reads starts (`last=`), so a busy repository's commit tags are
 * not read page by page. A `v`-prefixed version lists the tags after `v`: that holds every
 * `v`-prefixed version, while commit tags (hex, `sha-…`) sort before it; such a version is
 * compared with the `v`-prefixed versions. A version without prefix starts with a digit, and so
 * do half the hex commit tags: no start skips them, so it reads the whole list and is compared
 * with every version, prefixed or not.
 */
function tagListStart(version) {
    return /^v\d/.test(version) ? 'v' : undefined;
}
/** Whether `latest: auto` needs the repository's tag list to decide. */
function needsTagList(policy, version) {
    const parsed = parseVersion(version);
    return policy === 'auto' && parsed !== null && parsed.prerelease.length === 0;
}
/**
 * `auto` moves `latest` only to a stable version at least as high as every stable version
 * already tagged, so re-releasing an old commit never moves `latest` backwards. Pre-release
 * tags in the repository do not hold `latest` back: `latest` is for stable releases.
 */
function decideLatest(policy, version, existing = []) {
    if (policy === 'true')
        return { move: true, why: `latest follows ${version}: the latest input is true` };
    if (policy === 'false')
        return { move: false, why: 'latest is left alone because the latest input is false' };
    const parsed = parseVersion(version);
    if (!parsed)
        return { move: false, why: `latest is left alone: ${version} is not a semantic version` };
    if (parsed.prerelease.length > 0)
        return { move: false, why: `latest is left alone: ${version} is a pre-release` };
    const highest = highestStable(existing);
    if (highest && parsed.compare(highest.version) < 0) {
        return { move: false, why: `latest is left alone: ${version} is lower than ${highest.tag}, already released` };
    }
    if (!highest)
        return { move: true, why: `latest follows ${version}: the first version` };
    return { move: true, why: `latest follows ${version}: the highest version so far (previous highest ${highest.tag})` };
}
/** A stable version (`v1.2.3`, `1.2.3`, no pre-release), or null. */
function parseStable(tag) {
    const version = parseVersion(tag);
    return version && version.prerelease.length === 0 ? version : null;
}
/**
 * The highest stable version among the tags (within a line, when `within` says which versions
 * count); entries that are not valid tags (null, numbers) are ignored.
 */
function highestStable(tags, within = () => true) {
    let highest;
    for (const tag of tags) {
        if (typeof tag !== 'string' || !isValidTag(tag))
            continue;
        const version = parseStable(tag);
        if (!version || !within(version))
            continue;
        if (!highest || version.compare(highest.version) > 0)
            highest = { tag, version };
    }
    return highest;
}

;// CONCATENATED MODULE: ./src/moving-tags.ts



/**
 * Renders and checks the `floating-tags` templates for one app. Each must name `{major}` (a tag
 * without it would not follow a line), and must render to a valid tag whatever the version; it is
 * rendered for real only when the version is a stable semver. Minor lines come first: the write
 * order is the order of this list, and a narrower tag is written before the broader one.
 */
function planFloatingTags(templates, app, version, input) {
    const parsed = parseStable(version);
    const planned = templates.map((template) => {
        if (!template.includes('{major}'))
            throw new InputError(`Invalid ${input} '${template}': it has no {major} placeholder. Expected a template such as v{major} or v{major}.{minor}.`);
        const line = template.includes('{minor}') ? 'minor' : 'major';
        // checked with a stand-in version too, so a bad template fails whatever the version is
        validateTag(renderTemplate('floating', template, { app, major: '0', minor: '0' }, input), input, template);
        if (!parsed)
            return { template, line };
        const values = { app, major: String(parsed.major), minor: String(parsed.minor) };
        return { template, line, tag: validateTag(renderTemplate('floating', template, values, input), input, template) };
    });
    const unique = planned.filter((f, i) => f.tag === undefined || planned.findIndex((g) => g.tag === f.tag) === i);
    return [...unique.filter((f) => f.line === 'minor'), ...unique.filter((f) => f.line === 'major')];
}
/**
 * A floating tag follows the highest stable version of its line: it moves to `version` only when
 * no stable version tag of the same major (for `{major}`) or major.minor (for `{major}.{minor}`)
 * in the repository is higher. Releasing v1.2.1 after v1.3.0 moves `v1.2` and leaves `v1` alone.
 */
function decideFloating(floating, version, existing) {
    const parsed = parseVersion(version);
    const { tag, template } = floating;
    if (!parsed || tag === undefined) {
        const why = parsed ? 'is a pre-release' : 'is not a semantic version';
        return { tag: tag ?? template, move: false, why: `${tag ?? template} is left alone: ${version} ${why}` };
    }
    const line = lineName(floating.line, parsed);
    const highest = highestStable(existing, inLine(floating.line, parsed));
    if (highest && parsed.compare(highest.version) < 0) {
        return {
            tag,
            move: false,
            why: `${tag} is left alone: ${version} is lower than ${highest.tag}, already released in ${line}`
        };
    }
    const previous = highest && highest.version.compare(parsed) !== 0 ? ` (previous highest ${highest.tag})` : '';
    const first = highest ? `the highest version of ${line}${previous}` : `the first version of ${line}`;
    return { tag, move: true, why: `${tag} follows ${version}: ${first}` };
}
/** Whether `candidate` is in the line of `version`: same major, and for a minor line same minor (`latest`: any). */
function inLine(line, version) {
    if (line === 'all')
        return () => true;
    return (candidate) => candidate.major === version.major && (line === 'major' || candidate.minor === version.minor);
}
function lineName(line, version) {
    return line === 'major' ? `the ${version.major}.x line` : `the ${version.major}.${version.minor}.x line`;
}

;// CONCATENATED MODULE: ./src/inputs.ts








/** rules_oci's `oci_push` target `//<app>:push`, told where to push and which tag to give. */
const DEFAULT_BUILD_COMMAND = 'bazel run //{app}:push -- --repository {image} --tag {commit-tag}';
/** Newline- or comma-separated list, trimmed, empty entries dropped. */
function parseList(value) {
    return value
        .split(/[\n,]/)
        .map((item) => item.trim())
        .filter(Boolean);
}
function oneOf(input, value, allowed) {
    const normalised = value.trim().toLowerCase();
    if (allowed.includes(normalised))
        return normalised;
    throw new InputError(`Invalid ${input} '${value}'. Expected one of: ${allowed.join(', ')}.`);
}
function bool(input, value) {
    if (value.trim() === '')
        return false;
    return oneOf(input, value, ['true', 'false']) === 'true';
}
/**
 * A number input (or environment variable): decimal digits only, surrounding blanks ignored, within
 * the range. `1e1`, `0x10`, `+8`, `08` and `2.0` are refused rather than guessed at.
 */
function wholeNumber(input, value, range) {
    const { fallback, min, max } = range;
    const digits = value.trim();
    if (digits === '')
        return fallback;
    const parsed = /^(?:0|[1-9][0-9]{0,15})$/.test(digits) ? Number(digits) : NaN;
    if (!(parsed >= min && parsed <= max)) {
        throw new InputError(`Invalid ${input} '${value}'. Expected a whole number from ${min} to ${max}, in decimal digits.`);
    }
    return parsed;
}
const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?$/;
const APP = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const COMMIT = /^[0-9a-f]{7,64}$/;
/** Reads, checks and plans every input. Nothing here touches the network. */
function getInputs(read, context = {}) {
    const inputs = readInputs(read, context);
    const { onMissing, latest, allowOverwrite, dryRun, platforms, verifyRevision, referrers } = inputs;
    const { rebuildIfBaseChanged, maxAge } = inputs;
    const { username, password, githubToken } = inputs;
    return {
        // every app's templates are rendered now, so a bad template fails before any network call
        plans: planApps(inputs),
        release: {
            onMissing,
            latest,
            allowOverwrite,
            dryRun,
            platforms,
            verifyRevision,
            referrers,
            rebuildIfBaseChanged,
            maxAge
        },
        buildCommand: inputs.buildCommand,
        engine: inputs.engine,
        concurrency: inputs.concurrency,
        insecureRegistries: inputs.insecureRegistries,
        credentials: { username, password, githubToken }
    };
}
/** Reads and checks each input on its own. */
function readInputs(read, context = {}) {
    // in the order the checks have always run: the first bad input is the one reported
    return {
        apps: readApps(read(INPUT.app)),
        version: readVersion(read(INPUT.version)),
        commit: readCommit(read(INPUT.commit).trim() || context.sha || ''),
        insecureRegistries: readInsecureRegistries(read(INPUT.insecureRegistries)),
        buildCommand: readBuildCommand(read(INPUT.buildCommand)),
        imageTemplate: read(INPUT.image).trim() || defaultImage(context.owner),
        toTemplates: parseList(read(INPUT.to)),
        ...readCredentials(read),
        commitTagTemplate: read(INPUT.commitTag).trim() || '{commit}',
        latest: oneOf(INPUT.latest, read(INPUT.latest) || 'auto', ['auto', 'true', 'false']),
        tagTemplates: parseList(read(INPUT.tags)),
        floatingTemplates: parseList(read(INPUT.floatingTags)),
        onMissing: oneOf(INPUT.onMissing, read(INPUT.onMissing) || 'build', ['build', 'fail', 'defer']),
        verifyRevision: bool(INPUT.verifyRevision, read(INPUT.verifyRevision)),
        rebuildIfBaseChanged: bool(INPUT.rebuildIfBaseChanged, read(INPUT.rebuildIfBaseChanged)),
        maxAge: readMaxAge(read(INPUT.maxAge)),
        allowOverwrite: bool(INPUT.allowOverwrite, read(INPUT.allowOverwrite)),
        dryRun: bool(INPUT.dryRun, read(INPUT.dryRun)),
        // on unless told otherwise: a promotion without its signatures is a different release
        referrers: read(INPUT.referrers).trim() === '' || bool(INPUT.referrers, read(INPUT.referrers)),
        engine: oneOf(INPUT.engine, read(INPUT.engine) || 'registry', ['registry', 'docker', 'auto']),
        concurrency: wholeNumber(INPUT.concurrency, read(INPUT.concurrency), { fallback: 8, min: 1, max: 64 }),
        platforms: readPlatforms(read(INPUT.platforms))
    };
}
function readApps(value) {
    const apps = parseList(value);
    if (apps.length === 0)
        throw new InputError(`Input ${INPUT.app} is required: one app name, or several separated by newlines or commas.`);
    for (const app of apps) {
        if (!APP.test(app))
            throw new InputError(`Invalid ${INPUT.app} '${app}'. Expected a name of letters, digits, '.', '_' or '-' (at most 128).`);
    }
    if (new Set(apps).size !== apps.length)
        throw new InputError(`Invalid ${INPUT.app}: an app is listed twice.`);
    return apps;
}
function readVersion(value) {
    const version = value.trim();
    if (!version)
        throw new InputError(`Input ${INPUT.version} is required, e.g. v1.0.1.`);
    validateTag(version, INPUT.version);
    if (version === 'latest') {
        throw new InputError(`Invalid ${INPUT.version} 'latest'. Expected a release tag such as v1.0.1; the ${INPUT.latest} input decides about latest.`);
    }
    return version;
}
/** Git writes SHAs in lower case, and so do the tags made from them: `ABC123D` is `abc123d`. */
function readCommit(value) {
    const commit = value.toLowerCase();
    if (!COMMIT.test(commit))
        throw new InputError(`Invalid ${INPUT.commit} '${value}'. Expected a commit SHA of 7 to 64 hexadecimal digits.`);
    return commit;
}
/** An absent build command is the default; a blank one, or one whose command word is empty, is a mistake. */
function readBuildCommand(value) {
    if (value === '')
        return DEFAULT_BUILD_COMMAND;
    const command = value.trim();
    try {
        if (command === '')
            throw new Error('it is blank');
        const [program] = splitCommand(command);
        if (program === undefined)
            throw new Error('it has no words');
        if (program === '')
            throw new Error('the command to run is an empty word');
    }
    catch (error) {
        throw new InputError(`Invalid ${INPUT.buildCommand}: ${error.message}. Expected a command and its arguments (quotes allowed, no shell).`);
    }
    const [unknown] = unknownBuildPlaceholders(command);
    if (unknown !== undefined) {
        throw new InputError(`Invalid ${INPUT.buildCommand}: unknown placeholder {${unknown}}. Expected any of ${listPlaceholders('build')}.`);
    }
    return command;
}
function readPlatforms(value) {
    const platforms = parseList(value).map((p) => p.toLowerCase());
    for (const platform of platforms) {
        if (!PLATFORM.test(platform))
            throw new InputError(`Invalid ${INPUT.platforms} entry '${platform}'. Expected os/architecture[/variant], e.g. linux/arm64.`);
    }
    return platforms;
}
const DURATION = /^([1-9][0-9]{0,5})([dhm])$/;
const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000 };
/** A hundred years: any longer limit is no limit, and a mistake. */
const MAX_AGE_MS = 36_500 * UNIT_MS.d;
/** `30d`, `12h`, `90m`; empty: no limit. */
function readMaxAge(value) {
    const text = value.trim().toLowerCase();
    if (text === '')
        return undefined;
    const match = DURATION.exec(text);
    const ms = match ? Number(match[1]) * UNIT_MS[match[2]] : NaN;
    if (!(ms <= MAX_AGE_MS)) {
        throw new InputError(`Invalid ${INPUT.maxAge} '${value}'. Expected a whole number and a unit, d (days), h (hours) or m (minutes), e.g. 30d, 12h or 90m, up to 36500d; empty for no limit.`);
    }
    return { text, ms };
}
function readCredentials(read) {
    const username = read(INPUT.username).trim() || undefined;
    const password = read(INPUT.password) || undefined;
    if (Boolean(username) !== Boolean(password)) {
        throw new InputError(`Inputs ${INPUT.username} and ${INPUT.password} go together: give both or neither.`);
    }
    return { username, password, githubToken: read(INPUT.githubToken) || undefined };
}
function readInsecureRegistries(value) {
    const registries = parseList(value).map((r) => r
        .toLowerCase()
        .replace(/^https?:\/\//, '')
        .replace(/\/+$/, ''));
    for (const registry of registries) {
        const problem = registryHostProblem(registry);
        if (problem !== undefined) {
            throw new InputError(`Invalid ${INPUT.insecureRegistries} entry '${registry}': ${problem}. Expected host or host:port, e.g. registry.internal:5000.`);
        }
    }
    return registries;
}
function defaultImage(owner) {
    if (!owner)
        throw new InputError(`Input ${INPUT.image} is required outside GitHub Actions, e.g. ghcr.io/owner/{app}.`);
    return `ghcr.io/${owner}/{app}`;
}
/** Renders each app's image, commit tag and target tags; throws InputError on anything invalid. */
function planApps(inputs) {
    const plans = inputs.apps.map((app) => planApp(app, inputs));
    // two apps in one repository would race for the same version tag and latest
    const byImage = new Map();
    for (const plan of plans) {
        const other = byImage.get(plan.image);
        if (other) {
            throw new InputError(`Invalid ${INPUT.image} '${inputs.imageTemplate}': apps ${other} and ${plan.app} both release to ${plan.image}. Expected a template with {app} for a batch.`);
        }
        byImage.set(plan.image, plan.app);
    }
    refuseSharedDestinations(plans, inputs);
    return plans;
}
/** Two apps of a batch publishing to one repository would race for the same tags. */
function refuseSharedDestinations(plans, inputs) {
    if (inputs.toTemplates.length === 0)
        return; // the images, checked above
    const byDestination = new Map();
    for (const plan of plans) {
        for (const destination of plan.destinations.map(formatRepository)) {
            const other = byDestination.get(destination);
            if (other) {
                throw new InputError(`Invalid ${INPUT.to} '${inputs.toTemplates.join(', ')}': apps ${other} and ${plan.app} both publish to ${destination}. Expected templates with {app} for a batch.`);
            }
            byDestination.set(destination, plan.app);
        }
    }
}
/** The repositories one app is published to: the `to` templates rendered, else its image repository. */
function destinationsOf(app, repository, templates) {
    if (templates.length === 0)
        return [repository];
    const destinations = templates.map((template) => readRepository(INPUT.to, template, renderTemplate('image', template, { app }, INPUT.to)));
    const names = destinations.map(formatRepository);
    const twice = names.find((name, i) => names.indexOf(name) !== i);
    if (twice !== undefined) {
        throw new InputError(`Invalid ${INPUT.to}: ${twice} is listed twice (for app ${app}). Expected each repository once.`);
    }
    return destinations;
}
function planApp(app, inputs) {
    const values = { app, commit: inputs.commit, short: inputs.commit.slice(0, 7), version: inputs.version };
    const repository = repositoryOf(app, inputs.imageTemplate);
    const commitTag = validateTag(renderTemplate('tag', inputs.commitTagTemplate, values, INPUT.commitTag), INPUT.commitTag, inputs.commitTagTemplate);
    const extraTags = inputs.tagTemplates.map((template) => validateTag(renderTemplate('tag', template, values, INPUT.tags), INPUT.tags, template));
    if (extraTags.includes('latest')) {
        throw new InputError(`Invalid ${INPUT.tags}: 'latest' is governed by the ${INPUT.latest} input (auto, true or false), not listed as a tag.`);
    }
    return {
        app,
        repository,
        image: formatRepository(repository),
        commit: inputs.commit,
        version: inputs.version,
        commitTag,
        extraTags: [...new Set(extraTags)].filter((tag) => tag !== inputs.version && tag !== commitTag),
        floatingTags: floatingTagsOf(app, inputs, [inputs.version, commitTag, ...extraTags]),
        destinations: destinationsOf(app, repository, inputs.toTemplates)
    };
}
/** A floating tag may not also be the version, the commit tag or an extra tag: those never move. */
function floatingTagsOf(app, inputs, fixed) {
    const floating = planFloatingTags(inputs.floatingTemplates, app, inputs.version, INPUT.floatingTags);
    for (const { tag, template } of floating) {
        if (tag === undefined || !fixed.includes(tag))
            continue;
        throw new InputError(`Invalid ${INPUT.floatingTags} '${template}': it renders to '${tag}', which is also the version, the commit tag or an extra tag. Expected a tag that only moves, such as v{major}.`);
    }
    return floating;
}
function repositoryOf(app, template) {
    return readRepository(INPUT.image, template, renderTemplate('image', template, { app }, INPUT.image));
}
/**
 * A repository input (`image`, `to`), rendered from `template`: host, port and path are checked,
 * and the error names the input.
 */
function readRepository(input, template, rendered) {
    try {
        // GHCR owners may have capitals, repository names may not; host names ignore case anyway
        return parseRepository(rendered.toLowerCase());
    }
    catch (error) {
        if (!(error instanceof InvalidReferenceError))
            throw error;
        throw new InputError(`Invalid ${input} '${template}': ${error.message}. Expected registry/path/name with {app}, e.g. ghcr.io/owner/{app}.`);
    }
}

;// CONCATENATED MODULE: ./src/concurrency.ts
/** Runs `task` over every item with at most `limit` at once; results keep the items' order. */
async function mapLimit(items, limit, task) {
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const index = next++;
            results[index] = await task(items[index]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}
/** Wraps `task` so that calls run one at a time, in call order (bazel locks its output base anyway). */
function oneAtATime(task) {
    let queue = Promise.resolve();
    return (...args) => {
        const run = queue.then(() => task(...args));
        queue = run.catch(() => undefined);
        return run;
    };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
;// CONCATENATED MODULE: ./src/oci/media-types.ts
const MEDIA_TYPES = {
    ociIndex: 'application/vnd.oci.image.index.v1+json',
    ociManifest: 'application/vnd.oci.image.manifest.v1+json',
    dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
    dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json'
};
/** Manifests that list other manifests (multi-arch). */
const INDEX_TYPES = new Set([MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerList]);
/** Every manifest kind a release may point at; without it registries may convert or refuse. */
const ACCEPT = Object.values(MEDIA_TYPES).join(', ');
/** Every manifest kind this client accepts from a registry (the ones it asks for). */
const MANIFEST_TYPES = new Set(Object.values(MEDIA_TYPES));
/** Content types that say nothing about the body: some registries and proxies send these for manifests. */
const GENERIC_TYPES = new Set([
    '',
    'application/json',
    'text/plain',
    'application/octet-stream'
]);

;// CONCATENATED MODULE: ./src/oci/retry.ts

const DEFAULT_RETRY = { attempts: 5, baseDelayMs: 250, maxDelayMs: 10_000, totalMs: 60_000 };
/** Answers that may well succeed a moment later: timeouts, rate limits, an overloaded or restarting server. */
const TEMPORARY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
/** The OCI codes that say the same, whatever status carries them. */
const TEMPORARY_CODES = new Set(['TOOMANYREQUESTS', 'UNAVAILABLE']);
/** Whether a registry's answer is worth trying again: the retry layer and every error agree on it. */
function isTemporary(status, code) {
    return (status !== undefined && TEMPORARY_STATUSES.has(status)) || (code !== undefined && TEMPORARY_CODES.has(code));
}
/**
 * Retries what is safe to retry: every request here is idempotent (GET, HEAD, PUT of a manifest
 * by tag; the POST that opens an upload session or mounts a blob may be repeated too), so temporary answers and network failures are tried again with exponential back-off
 * and jitter, waiting what `Retry-After` asks (capped).
 */
function retryLayer(next, policy, options) {
    const { sleep, now, random = Math.random, debug } = options;
    return async (request) => {
        // a streamed body cannot be sent twice: its caller starts the whole transfer again instead
        if (request.stream)
            return next(request);
        const started = now();
        for (let attempt = 1;; attempt++) {
            const last = attempt >= policy.attempts || now() - started >= policy.totalMs;
            let asked;
            let why;
            try {
                const response = await next(request);
                const error = temporaryError(response);
                if (!error || last)
                    return response;
                const header = retryAfterMs(response.headers.get('retry-after'), now());
                asked = header ?? retryAfterInMessage(error.message) ?? backoff(policy, attempt, random);
                why = `${request.method} ${request.url}: HTTP ${response.status}`;
            }
            catch (error) {
                if (!(error instanceof RegistryError && error.temporary) || last)
                    throw error;
                asked = backoff(policy, attempt, random);
                why = error.message;
            }
            const wait = Math.min(asked, policy.maxDelayMs, Math.max(0, policy.totalMs - (now() - started)));
            debug?.(`${why}, attempt ${attempt} of ${policy.attempts}, retrying in ${wait} ms`);
            await sleep(wait);
        }
    };
}
/** The error body of an answer worth trying again, or undefined for any other answer. */
function temporaryError(response) {
    if (response.status < 400)
        return undefined;
    const error = parseErrorBody(Buffer.from(response.body).toString('utf8'));
    return isTemporary(response.status, error.code) ? error : undefined;
}
function backoff(policy, attempt, random) {
    const exponential = policy.baseDelayMs * 2 ** (attempt - 1);
    return Math.round(exponential / 2 + random() * (exponential / 2));
}
/**
 * The wait a rate-limited registry names only in its error message, without a `Retry-After`
 * header (GHCR: `retry-after: 333.9ms, allowed: 44000/minute`), rounded up to whole milliseconds.
 */
function retryAfterInMessage(message) {
    const match = /\bretry-after:\s*(\d{1,9}(?:\.\d{1,9})?)\s*(ms|s)\b/i.exec(message ?? '');
    if (!match)
        return undefined;
    const ms = Number(match[1]) * (match[2].toLowerCase() === 's' ? 1000 : 1);
    return Math.ceil(Number(ms.toFixed(6))); // 1.1 s is 1100 ms, not 1100.0000000000002 rounded up
}
/** `Retry-After` is seconds or an HTTP date. */
function retryAfterMs(value, now = Date.now()) {
    if (!value)
        return undefined;
    if (/^\d+$/.test(value.trim()))
        return Number(value.trim()) * 1000;
    // an HTTP date names a weekday or month; '1.5' or '-1' are invalid, not dates in 2001
    if (!/[a-z]{3}/i.test(value))
        return undefined;
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

;// CONCATENATED MODULE: ./src/oci/client.ts





/** How a message names what failed, per operation: `fetching ghcr.io/o/app:v1: DENIED`. */
const VERBS = {
    fetch: 'fetching',
    check: 'checking',
    push: 'pushing',
    list: 'listing tags of',
    blob: 'fetching blob of'
};
/** Registry API calls on one repository; "not found" is a result (undefined), never an exception. */
class RegistryClient {
    transport;
    repository;
    actions;
    constructor(transport, repository, 
    /** Actions to ask tokens for: `pull,push` when the caller may write, so one token serves both. */
    actions = ['pull']) {
        this.transport = transport;
        this.repository = repository;
        this.actions = actions;
    }
    /** The manifest under a tag or a digest; a digest is checked even where the registry sends no header. */
    async getManifest(reference) {
        const response = await this.call('GET', reference, 'fetch');
        if (!response)
            return undefined;
        // what was asked for by digest must hash to it, whatever the registry's header says
        const claimed = isValidDigest(reference) ? reference : response.headers.get('docker-content-digest');
        const header = response.headers.get('docker-content-digest');
        const digest = digestOf(response.body, claimed);
        for (const expected of [claimed, header]) {
            if (expected && expected !== digest) {
                const mismatch = `expected ${expected} but the bytes hash to ${digest}`;
                throw this.failure('fetch', `fetching ${this.ref(reference)}: ${mismatch}`);
            }
        }
        const mediaType = manifestTypeOf(response);
        if (!mediaType)
            throw this.failure('fetch', `fetching ${this.ref(reference)}: ${this.notAManifest(response)}`);
        return { bytes: response.body, mediaType, digest };
    }
    /**
     * The digest without the body; falls back to GET where HEAD gives none. A HEAD has no body to
     * judge, so its digest counts only under a manifest media type or a generic one: a page of
     * another kind (a captive portal's HTML) is an error, never a tag that exists.
     */
    async headManifest(tag) {
        const response = await this.call('HEAD', tag, 'check');
        if (!response)
            return undefined;
        const type = contentTypeOf(response);
        if (!MANIFEST_TYPES.has(type) && !GENERIC_TYPES.has(type)) {
            throw this.failure('check', `checking ${this.ref(tag)}: ${this.notAManifest(response)}`);
        }
        const digest = response.headers.get('docker-content-digest');
        if (!digest || !isValidDigest(digest))
            return this.getManifest(tag);
        return { digest };
    }
    /** PUTs the bytes under `tag` (or a digest); returns what the registry reports (checked by the caller). */
    async putManifest(tag, manifest) {
        const response = await this.transport.request({
            method: 'PUT',
            path: this.manifestPath(tag),
            headers: { 'content-type': manifest.mediaType },
            body: manifest.bytes,
            scope: this.scope(['pull', 'push'])
        });
        if (![200, 201, 202].includes(response.status))
            throw this.error('push', tag, response);
        return {
            digest: response.headers.get('docker-content-digest') ?? undefined,
            indexedSubject: response.headers.has('oci-subject')
        };
    }
    /**
     * Every tag of the repository, following `Link` pagination; a missing repository has none.
     * Entries that are not valid tags (null, numbers, objects) are left out. A registry that keeps
     * linking to new pages is stopped after `maxPages` pages or `maxMs`, with an error that says so.
     * With `bounds.after`, only the tags after it.
     */
    async listTags(pageSize = 1000, bounds = {}) {
        const { after, maxPages = MAX_TAG_PAGES, maxMs = MAX_TAG_LIST_MS, now = Date.now } = bounds;
        const repository = formatRepository(this.repository);
        const started = now();
        const tags = [];
        let read = 0;
        const seen = new Set();
        const start = after === undefined ? '' : `&last=${encodeURIComponent(after)}`;
        let path = `/v2/${this.repository.path}/tags/list?n=${pageSize}${start}`;
        while (path) {
            if (seen.has(path))
                throw this.failure('list', `listing tags of ${repository}: the registry sent the same page twice`);
            const bound = [seen.size >= maxPages && `${maxPages} pages`, now() - started > maxMs && `${maxMs} ms`].find(Boolean);
            if (bound) {
                throw this.failure('list', `listing tags of ${repository}: stopped after ${seen.size} pages (${read} tags), the bound of ${bound}, with the registry still linking to a next page`);
            }
            seen.add(path);
            const response = await this.transport.request({ method: 'GET', path, scope: this.scope(this.actions) });
            if (isNotFound(response))
                return tags;
            if (response.status !== 200)
                throw this.error('list', undefined, response);
            const page = this.tagsOf(response);
            read += page.length;
            tags.push(...page.filter((tag) => after === undefined || tag > after));
            path = nextPage(response.headers.get('link'));
        }
        return tags;
    }
    /** A small JSON blob (an image config), verified against its digest. Only reuse checks read one. */
    async getJsonBlob(digest) {
        const path = `/v2/${this.repository.path}/blobs/${digest}`;
        const response = await this.transport.request({ method: 'GET', path, scope: this.scope(this.actions) });
        if (response.status !== 200)
            throw this.error('blob', digest, response);
        const actual = digestOf(response.body, digest);
        if (actual !== digest) {
            const repository = formatRepository(this.repository);
            throw this.failure('blob', `fetching blob ${digest} of ${repository}: the bytes hash to ${actual}`);
        }
        return JSON.parse(Buffer.from(response.body).toString('utf8'));
    }
    /** The valid tags of one tags/list page; a body that is no tag list is an error saying what came back. */
    tagsOf(response) {
        let body;
        try {
            body = JSON.parse(Buffer.from(response.body).toString('utf8'));
        }
        catch {
            body = undefined;
        }
        const list = body && typeof body === 'object' ? body.tags : undefined;
        if (list === null || (list === undefined && body && typeof body === 'object'))
            return [];
        if (!Array.isArray(list)) {
            const what = `the registry answered ${this.describeBody(response)}, not a tag list`;
            throw this.failure('list', `listing tags of ${formatRepository(this.repository)}: ${what}`);
        }
        return list.filter((tag) => typeof tag === 'string' && isValidTag(tag));
    }
    /** `registry/path:tag`, or `registry/path@sha256:…` for a digest. */
    ref(reference) {
        return isValidDigest(reference)
            ? `${formatRepository(this.repository)}@${reference}`
            : formatReference(this.repository, reference);
    }
    async call(method, tag, operation) {
        const response = await this.transport.request({
            method,
            path: this.manifestPath(tag),
            headers: { accept: ACCEPT },
            scope: this.scope(this.actions)
        });
        if (response.status === 200)
            return response;
        if (isNotFound(response))
            return undefined;
        throw this.error(operation, tag, response);
    }
    manifestPath(tag) {
        // tags and digests are validated before they get here: nothing to escape
        return `/v2/${this.repository.path}/manifests/${tag}`;
    }
    scope(actions) {
        return { type: 'repository', name: this.repository.path, actions: [...new Set([...this.actions, ...actions])] };
    }
    /** The registry's refusal, said with its OCI code and message. */
    error(operation, tag, response) {
        const said = parseErrorBody(Buffer.from(response.body).toString('utf8'));
        const code = said.code === undefined ? undefined : this.transport.quote(said.code, 64);
        const message = said.message === undefined ? undefined : this.transport.quote(said.message);
        const detail = `${code ?? `HTTP ${response.status}`}${message ? ` (${message})` : ''}`;
        const what = tag === undefined ? formatRepository(this.repository) : this.ref(tag);
        const { status } = response;
        const temporary = isTemporary(status, code);
        const facts = { status, code, temporary, detail: message, reference: tag };
        return this.failure(operation, `${VERBS[operation]} ${what}: ${detail}.`, facts);
    }
    /** What came back instead of a manifest: its content type and first bytes, escaped. */
    notAManifest(response) {
        return `the registry answered ${this.describeBody(response)}, not an image manifest (a login page or a proxy in the way?)`;
    }
    /** The whole body is scrubbed before it is cut, so no secret it echoes survives as a prefix. */
    describeBody(response) {
        const type = this.transport.quote(response.headers.get('content-type') ?? 'no content type', 100);
        const text = Buffer.from(response.body).toString('utf8');
        return text.trim() ? `${type} starting "${this.transport.quote(text, 80)}"` : `${type} with an empty body`;
    }
    failure(operation, message, answer = {}) {
        return new RegistryError(message, { ...answer, operation, registry: this.repository.registry });
    }
}
/** The next page of a paginated list: `Link: </v2/…/tags/list?last=x&n=100>; rel="next"`. */
function nextPage(link) {
    if (!link)
        return undefined;
    for (const part of link.split(',')) {
        const match = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(part);
        if (match) {
            const url = new URL(match[1], 'http://registry.invalid');
            return url.pathname + url.search; // never follow a Link to another host
        }
    }
    return undefined;
}
/** 404 without a body (HEAD) or with a not-found code; a 403 is NOT "not found". */
function isNotFound(response) {
    if (response.status !== 404)
        return false;
    const { code } = parseErrorBody(Buffer.from(response.body).toString('utf8'));
    return code === undefined || NOT_FOUND_CODES.has(code);
}
/** The digest of the bytes, with the algorithm the registry used (sha256 unless it says sha512). */
function digestOf(bytes, claimed) {
    const algorithm = claimed?.startsWith('sha512:') ? 'sha512' : 'sha256';
    return `${algorithm}:${(0,external_node_crypto_.createHash)(algorithm).update(bytes).digest('hex')}`;
}
/** Pages of a tag list read at most. Docker Hub pages hold 100 tags: 1000 pages are 100,000 tags. */
const MAX_TAG_PAGES = 1000;
/** Time a tag list may take, all pages together; the release goes on without it (latest stays). */
const MAX_TAG_LIST_MS = 60_000;
/** The Content-Type without parameters, lower-case; '' when there is none. */
function contentTypeOf(response) {
    return (response.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
}
/**
 * The manifest's media type: a manifest Content-Type; where the Content-Type is generic, a JSON
 * body that is a manifest or an index (`schemaVersion` 2, `manifests`, or `config` and `layers`;
 * `mediaType`, when present, a manifest type). Undefined for anything else.
 */
function manifestTypeOf(response) {
    const header = contentTypeOf(response);
    if (MANIFEST_TYPES.has(header))
        return header;
    if (!GENERIC_TYPES.has(header))
        return undefined;
    let parsed;
    try {
        parsed = JSON.parse(Buffer.from(response.body).toString('utf8'));
    }
    catch {
        return undefined;
    }
    if (!parsed || typeof parsed !== 'object' || parsed.schemaVersion !== 2)
        return undefined;
    const isIndex = Array.isArray(parsed.manifests);
    const isImage = typeof parsed.config === 'object' && parsed.config !== null && Array.isArray(parsed.layers);
    if (!isIndex && !isImage)
        return undefined;
    if (parsed.mediaType === undefined)
        return isIndex ? MEDIA_TYPES.ociIndex : MEDIA_TYPES.ociManifest;
    return typeof parsed.mediaType === 'string' && MANIFEST_TYPES.has(parsed.mediaType) ? parsed.mediaType : undefined;
}

;// CONCATENATED MODULE: ./src/oci/text.ts
/**
 * Text that a registry or an image sent (labels, annotations, error messages, header values), made
 * fit for a message, a log line or an output: every control character and line separator escaped,
 * so no part of it can begin a line (and so a workflow command), and the length capped.
 */
function neutralise(text, max = 200) {
    const escaped = text.replace(/[\p{Cc}\u2028\u2029]/gu, escapeChar);
    return escaped.length > max ? `${escaped.slice(0, max)}…` : escaped;
}
const NAMED = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
function escapeChar(char) {
    return NAMED[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

;// CONCATENATED MODULE: ./src/reuse.ts

const REVISION_LABEL = 'org.opencontainers.image.revision';
/** Characters of a contradicting revision shown in `reason`: a SHA-256 commit is 64. */
const REVISION_SHOWN = 80;
/** A creation time this far ahead of the clock is a clock's skew, not a time in the future. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** RFC 3339, as Go and every builder write it: `2026-08-01T12:00:00Z`, `…T12:00:00.123456789+02:00`. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})$/;
function needsImageFacts(rules) {
    return rules.platforms.length > 0 || rules.verifyRevision || Boolean(rules.rebuildIfBaseChanged || rules.maxAge);
}
/** What the enabled checks need read, and nothing more. */
function factsRequest(rules) {
    return {
        readRevisions: rules.verifyRevision,
        readPlatforms: rules.platforms.length > 0,
        readBases: Boolean(rules.rebuildIfBaseChanged),
        readCreated: rules.maxAge !== undefined
    };
}
/** `linux/arm64` matches `linux/arm64/v8`; a variant, when asked for, must match (arm64 means v8). */
function platformMatches(wanted, available) {
    const [os, arch, variant] = wanted.toLowerCase().split('/');
    const [aOs, aArch, aVariant] = available.toLowerCase().split('/');
    if (os !== aOs || arch !== aArch)
        return false;
    if (!variant)
        return true;
    const normal = (v) => v ?? (arch === 'arm64' ? 'v8' : undefined);
    return normal(variant) === normal(aVariant);
}
/** A revision names the commit when one is a prefix of the other (short SHAs), at least 7 digits. */
function sameCommit(revision, commit) {
    const a = revision.trim().toLowerCase();
    const b = commit.toLowerCase();
    return a.length >= 7 && (a.startsWith(b) || b.startsWith(a));
}
/**
 * What the checks on the image's own facts found: platforms, revision and age, each when enabled.
 * The seed's "smart cache invalidation": an image without a required platform, built from another
 * commit than its tag claims, or older than allowed, is rebuilt rather than released.
 */
function judgeFacts(facts, rules, now) {
    const checks = [];
    if (rules.platforms.length > 0)
        checks.push(platformCheck(facts, rules.platforms));
    if (rules.verifyRevision)
        checks.push(revisionCheck(facts, rules.commit));
    if (rules.maxAge)
        checks.push(judgeAge(facts.created ?? [], rules.maxAge, now));
    return checks;
}
/** Why the commit image must not be reused (the `reason` output), or undefined when it may be. */
function whyNotReusable(facts, rules, now = Date.now()) {
    return judgeFacts(facts, rules, now).find((check) => check.outcome === 'fail')?.detail;
}
function platformCheck(facts, platforms) {
    const missing = platforms.filter((wanted) => !facts.platforms.some((p) => platformMatches(wanted, p)));
    if (missing.length > 0)
        return { check: 'platforms', outcome: 'fail', detail: `missing-platform: ${missing.join(', ')}` };
    return { check: 'platforms', outcome: 'pass', detail: `has ${platforms.join(', ')}` };
}
function revisionCheck(facts, commit) {
    const wrong = facts.revisions.find((revision) => !sameCommit(revision, commit));
    // the label is the image's text: it goes into the log and the outputs escaped and capped
    if (wrong !== undefined)
        return {
            check: 'verify-revision',
            outcome: 'fail',
            detail: `revision-mismatch: ${neutralise(wrong, REVISION_SHOWN)}`
        };
    const detail = facts.revisions.length > 0 ? 'every recorded revision names the commit' : 'no revision recorded';
    return { check: 'verify-revision', outcome: 'pass', detail };
}
/**
 * The age check. The oldest image counts. A time that is missing, unreadable, in the future (past
 * a clock's skew) or the Unix epoch (a reproducible build's placeholder, no build time) says
 * nothing of the age: with a `max-age` set, such an image is not reused (`age-unknown: …`).
 */
function judgeAge(created, maxAge, now) {
    const unknown = (why) => ({
        check: 'max-age',
        outcome: 'fail',
        detail: `age-unknown: ${why}, max-age ${maxAge.text}`
    });
    if (created.length === 0 || created.includes(undefined))
        return unknown('no creation time recorded');
    const times = created.map((text) => ({ text, ms: RFC3339.test(text) ? Date.parse(text) : NaN }));
    const bad = times.find((t) => Number.isNaN(t.ms));
    if (bad)
        return unknown(`the creation time "${neutralise(bad.text, 40)}" is no RFC 3339 time`);
    if (times.some((t) => t.ms === 0))
        return unknown('created at the Unix epoch, a reproducible build placeholder');
    const ahead = times.find((t) => t.ms > now + CLOCK_SKEW_MS);
    if (ahead)
        return unknown(`created ${new Date(ahead.ms).toISOString()}, in the future`);
    const oldest = Math.min(...times.map((t) => t.ms));
    const built = new Date(oldest).toISOString().slice(0, 10);
    if (now - oldest > maxAge.ms)
        return { check: 'max-age', outcome: 'fail', detail: `too-old: built ${built}, max-age ${maxAge.text}` };
    return { check: 'max-age', outcome: 'pass', detail: `built ${built}, within max-age ${maxAge.text}` };
}

;// CONCATENATED MODULE: ./src/base-image.ts
// `rebuild-if-base-changed`: does the base an image records still point where it did at the build?
//
// The image records `org.opencontainers.image.base.name` and `.base.digest`. The name is resolved
// now (one HEAD in the base's own registry, with that registry's own credentials). The recorded
// digest may be the base's index or the base's image for the platform: when the HEAD answers
// another digest, the base index is read (one GET) and the recorded digest looked for among its
// children. Names and digests come from the image: they are validated before any request and
// escaped in every message.







const CHECK = 'rebuild-if-base-changed';
/** Longer than any reference a registry accepts: a name beyond it is not read at all. */
const MAX_NAME = 512;
/** The reference a recorded base name stands for, or why it is none (`debian:12`, `ghcr.io/o/b@sha256:…`). */
function parseBaseName(name) {
    if (name === '' || name.length > MAX_NAME)
        return 'no name';
    const at = name.indexOf('@');
    const pinned = at >= 0 ? name.slice(at + 1) : undefined;
    if (pinned !== undefined && !isValidDigest(pinned))
        return 'a digest that is no sha256 digest';
    const named = at >= 0 ? name.slice(0, at) : name;
    const colon = named.lastIndexOf(':');
    const tag = colon > named.lastIndexOf('/') ? named.slice(colon + 1) : undefined;
    if (tag !== undefined && !isValidTag(tag))
        return 'a tag that is no valid tag';
    try {
        const repository = parseRepository(tag === undefined ? named : named.slice(0, colon));
        return pinned ? { repository, tag, pinned } : { repository, tag: tag ?? 'latest' };
    }
    catch (error) {
        if (error instanceof InvalidReferenceError)
            return 'no valid repository name';
        throw error;
    }
}
/**
 * Resolves base names, each at most once a run whatever the number of apps and images that record
 * it; each registry is reached through its own transport (its own credentials, or none).
 */
class BaseImages {
    transportFor;
    heads = new Map();
    indexes = new Map();
    constructor(transportFor) {
        this.transportFor = transportFor;
    }
    /** The digest the tag points at now; undefined when it does not exist. */
    head(base) {
        return this.once(this.heads, key(base), async (client) => (await client.headManifest(base.tag))?.digest, base);
    }
    /** The children of the base at `digest` (none for a single manifest). */
    children(base, digest) {
        return this.once(this.indexes, `${key(base)}@${digest}`, (client) => childrenOf(client, digest), base);
    }
    once(memo, id, read, base) {
        let pending = memo.get(id);
        if (!pending) {
            pending = this.transportFor(base.repository.registry).then((t) => read(new RegistryClient(t, base.repository)));
            memo.set(id, pending);
        }
        return pending;
    }
}
const key = (base) => `${base.repository.registry}/${base.repository.path}:${base.tag ?? ''}`;
async function childrenOf(client, digest) {
    const manifest = await client.getManifest(digest);
    if (!manifest || !INDEX_TYPES.has(manifest.mediaType))
        return [];
    let json;
    try {
        json = JSON.parse(Buffer.from(manifest.bytes).toString('utf8'));
    }
    catch {
        return [];
    }
    const entries = Array.isArray(json?.manifests) ? json.manifests : [];
    return entries.flatMap((entry) => {
        if (typeof entry?.digest !== 'string')
            return [];
        const p = entry.platform;
        const parts = [p?.os, p?.architecture, p?.variant].filter((x) => typeof x === 'string' && x !== '');
        return [{ digest: entry.digest, platform: parts.length >= 2 ? parts.join('/') : undefined }];
    });
}
/**
 * The base check of one image: moved (`fail`, the reason names the base and both digests),
 * unchanged (`pass`), not resolvable now (`unknown`: the image is reused, with a warning), or
 * nothing valid recorded (`not-applicable`).
 */
async function checkBases(records, images) {
    if (records.length === 0)
        return notApplicable('the image records no base (org.opencontainers.image.base.name and .base.digest)');
    const valid = records.flatMap((record) => {
        const ref = parseBaseName(record.name);
        return typeof ref === 'string' || !isValidDigest(record.digest) ? [] : [{ record, ref }];
    });
    if (valid.length === 0)
        return notApplicable(`the image records no valid base: ${describe(records[0])}`);
    const verdicts = await Promise.all(valid.map(({ record, ref }) => judge(record, ref, images)));
    const moved = verdicts.find((v) => v.kind === 'moved');
    if (moved)
        return {
            check: CHECK,
            outcome: 'fail',
            detail: `base-changed: ${moved.name} moved from ${moved.from} to ${moved.to}`
        };
    const unresolved = verdicts.find((v) => v.kind === 'unresolved');
    if (unresolved)
        return {
            check: CHECK,
            outcome: 'unknown',
            detail: `could not resolve the base ${unresolved.name}: ${unresolved.why}`
        };
    const names = [...new Set(verdicts.map((v) => (v.kind === 'unchanged' ? `${v.name} (${v.digest})` : v.name)))];
    return { check: CHECK, outcome: 'pass', detail: `base unchanged: ${names.join(', ')}` };
}
async function judge(record, ref, images) {
    const name = neutralise(record.name, 200);
    if (ref.tag === undefined)
        return { kind: 'unchanged', name, digest: record.digest }; // pinned: cannot move
    try {
        const now = await images.head({ ...ref, tag: ref.tag });
        if (now === undefined)
            return { kind: 'unresolved', name, why: 'the registry has no such image now (404)' };
        if (now === record.digest)
            return { kind: 'unchanged', name, digest: now };
        const children = await images.children(ref, now);
        const mine = children.filter((c) => !record.platform || !c.platform || platformMatches(record.platform, c.platform));
        if (mine.some((c) => c.digest === record.digest))
            return { kind: 'unchanged', name, digest: record.digest };
        // a platform's image was recorded: its counterpart now says more than the index digest
        const to = (record.platform && mine.length === 1 ? mine[0].digest : undefined) ?? now;
        return { kind: 'moved', name, from: record.digest, to };
    }
    catch (error) {
        return { kind: 'unresolved', name, why: troubleOf(error) };
    }
}
/**
 * What went wrong, with advice that fits a base: the username/password inputs never go to a base's
 * registry, so a refusal there is about docker's login (or the github-token for ghcr.io).
 */
function troubleOf(error) {
    const refused = error instanceof RegistryError && (error.status === 401 || error.status === 403);
    if (!refused)
        return explain(error);
    return `${messageOf(error)} The base registry's credentials come from docker login (config.json, credential helpers) or, for ghcr.io, the github-token; never from the username/password inputs.`;
}
function notApplicable(why) {
    return { check: CHECK, outcome: 'not-applicable', detail: `${why}: the check does not apply` };
}
function describe(record) {
    const ref = parseBaseName(record.name);
    if (typeof ref === 'string')
        return `the name "${neutralise(record.name, 80)}" has ${ref}`;
    return `the digest "${neutralise(record.digest, 80)}" of ${neutralise(record.name, 200)} is no sha256 digest`;
}

;// CONCATENATED MODULE: ./src/engines/engine.ts
/** A re-tag that failed after writing some tags: those already name the commit image. */
class PartialRetagError extends Error {
    written;
    name = 'PartialRetagError';
    constructor(message, 
    /** Full references written before the failure. */
    written) {
        super(`${message} (after writing ${written.join(', ')})`);
        this.written = written;
    }
}
/**
 * A tag points at another digest than the one this run put there: the registry stored something
 * else under it (a write answered with another digest), or another writer moved it since. The
 * registry holds something under the tag, so a rebuild cannot help.
 */
class TagMismatchError extends Error {
    name = 'TagMismatchError';
}

;// CONCATENATED MODULE: ./src/build-moves.ts


/**
 * Puts back the moving tags the build command moved where the policy would not: a build may push
 * more than the commit tag (rules_oci's oci_push applies its `remote_tags`, `latest` in its first
 * documented example), backwards on a re-release of an old version. `before` is where the tags
 * pointed before the build, `after` where they point now; a tag the policy moves to this release
 * is left to the release. A tag the build created is left where it is, with a warning: deleting a
 * tag is not supported by every registry (Distribution 2.x refuses it), and before the build there
 * was nothing to put back. Resolves to where the tags point afterwards.
 */
async function putBackBuildMoves(decisions, states, job) {
    const { before, after } = states;
    const current = new Map(after);
    for (const { tag, move, why } of decisions) {
        if (move || !before.has(tag) || !after.has(tag) || before.get(tag) === after.get(tag))
            continue;
        current.set(tag, await putBack(tag, { from: after.get(tag), to: before.get(tag), why }, job));
    }
    return current;
}
async function putBack(tag, move, job) {
    const { engine, repository, log } = job;
    const ref = formatReference(repository, tag);
    const { from, to, why } = move;
    if (to === undefined) {
        log.warning(`The build command created ${ref} (${from}), against the policy (${why}); it is left there: ${tag} did not exist before and deleting a tag is not supported by every registry`);
        return from;
    }
    try {
        const previous = await engine.find(repository, to);
        if (!previous)
            throw new Error(`${to} is gone from the registry`);
        await engine.retag(previous, [[tag]], repository);
        log.warning(`The build command moved ${ref} to ${from}; put it back on ${to} (${why})`);
        return to;
    }
    catch (error) {
        log.warning(`The build command moved ${ref} to ${from}, against the policy (${why}); putting it back on ${to} failed: ${explain(error)}`);
        return from;
    }
}

;// CONCATENATED MODULE: ./src/settle.ts




/** Rounds of re-checks at most: each round moves a tag forward, so races of a few releases end well before. */
const MAX_ROUNDS = 5;
/**
 * Moves each moving tag this run wrote on to the highest version of its line that the registry
 * shows after the writes, until nothing changes.
 *
 * Why two releases at once (v1.4.0, v1.5.0) always leave `latest` on v1.5.0, with no lock:
 * - each run writes its version tag before any moving tag, and re-checks after every moving-tag
 *   write; the re-check acts only while the tag still holds what this run last put there, and only
 *   moves it forward (to a higher version of the line, onto that version tag's digest);
 * - take the last write of `latest`, by run R. Every other run's moving-tag writes came before it,
 *   so their version tags did too; R's re-check comes after it, so its tag list shows all of them
 *   (the registry's list is read-after-write consistent, as Distribution's is). Had it shown a
 *   higher version than the one R put there, R would have written again, and the write would not
 *   have been the last. So the last write names the highest version whose run moved `latest`, and
 *   the highest release always moves it (nothing higher was released).
 * Another writer's later write is its own re-check's business, so two runs never undo each other.
 */
async function settleMovingTags(written, first, job) {
    const held = new Map();
    for (const { moving, digest, version } of written) {
        const parsed = parseStable(version);
        if (parsed)
            held.set(moving.tag, { moving, digest, version: parsed });
    }
    let seen = first;
    for (let round = 0; round < MAX_ROUNDS; round++) {
        const moves = forward(held, seen, job);
        if (moves.length === 0)
            return report(written, held, seen);
        await moveOn(moves, held, job);
        seen = await job.observe(moves.map((m) => m.tag));
    }
    job.log.warning(`Moving tags still changing after ${MAX_ROUNDS} re-checks: left where they are`);
    return report(written, held, seen);
}
/** Moving tags this run still holds whose line shows a higher version than the one they name. */
function forward(held, seen, job) {
    if (seen.tags instanceof Error) {
        if (held.size > 0)
            job.log.warning(`Could not re-check the moving tags (${explain(seen.tags)})`);
        held.clear();
        return [];
    }
    const moves = [];
    for (const [tag, h] of held) {
        // another writer wrote after this run: what happens next is that writer's re-check's business
        if (seen.current.has(tag) && seen.current.get(tag) !== h.digest) {
            held.delete(tag);
            continue;
        }
        const highest = highestStable(seen.tags, inLine(h.moving.line, h.version));
        if (highest && highest.version.compare(h.version) > 0)
            moves.push({ tag, to: highest });
    }
    return moves;
}
/** Puts each tag on the digest of the higher version tag, narrower lines first, `latest` last. */
async function moveOn(moves, held, job) {
    const { engine, repository, log } = job;
    for (const target of new Set(moves.map((m) => m.to.tag))) {
        const here = moves.filter((m) => m.to.tag === target);
        const holder = await engine.find(repository, target);
        for (const { tag, to } of here) {
            const before = held.get(tag);
            // a version tag gone meanwhile leaves nothing to follow
            if (!holder || !before)
                held.delete(tag);
            else
                held.set(tag, { ...before, digest: holder.digest, version: to.version, note: `${tag} moved on to ${target}` });
        }
        if (!holder)
            continue;
        await engine.retag(holder, here.map((m) => [m.tag]), repository);
        for (const { tag } of here)
            log.info(`${formatReference(repository, tag)} moved on to ${target} (${holder.digest}): released meanwhile`);
    }
}
function report(written, held, seen) {
    return written.map(({ moving }) => {
        const h = held.get(moving.tag);
        const digest = h?.digest ?? (seen.current.has(moving.tag) ? seen.current.get(moving.tag) : undefined);
        return { tag: moving.tag, digest, note: h?.note };
    });
}

;// CONCATENATED MODULE: ./src/tagging.ts







/** Whether two repositories are one: the destination that is the source needs no copy. */
function sameRepository(a, b) {
    return a.registry === b.registry && a.path === b.path;
}
/**
 * Looks up the version, the extra tags and (when it may move) `latest` in the job's repository,
 * and reads the tag list `auto` needs, all at once. Every tag a release may write other than
 * `latest` is looked up whatever the list says: lists lag behind (caches, eventually consistent
 * registries), so the list only decides where `latest` goes.
 */
async function readTargets(plan, latest, engine, repository) {
    const latestListed = needsTagList(latest, plan.version);
    const floating = tagging_floatingTagsOf(plan);
    const listed = latestListed || floating.length > 0;
    const named = [plan.version, ...plan.extraTags, ...floating];
    const looked = latestListed || latest === 'true' ? [...named, 'latest'] : named;
    const [digests, existing] = await Promise.all([
        engine.resolve(repository, looked),
        // without the list, latest and the floating tags stay where they are; the release itself goes on
        listed
            ? engine.listTags(repository, tagListStart(plan.version)).catch((error) => asError(error))
            : undefined
    ]);
    return { current: new Map(looked.map((tag, i) => [tag, digests[i]])), existing };
}
/**
 * Decides what to write in the job's repository, judged against its own tags: a version or extra
 * tag on another digest is a conflict unless `allow-overwrite`; a tag already on the digest is
 * left alone; `latest` per policy. Writes nothing.
 */
function planTags(image, targets, job) {
    const { plan, log } = job;
    const conflicts = findConflicts(image, targets.current, job);
    const latest = latestDecision(targets.existing, job);
    const floating = floatingDecisions(targets.existing, job);
    const moving = [...floating.filter((d) => d.move).map((d) => d.tag), ...(latest.move ? ['latest'] : [])];
    const tagged = [plan.version, ...plan.extraTags, ...moving];
    if (targets.beforeBuild)
        refuseBuildMoves(image, targets, job);
    const written = tagged.filter((tag) => targets.current.get(tag) !== image.digest);
    for (const tag of tagged)
        if (!written.includes(tag))
            log.info(`${formatReference(job.repository, tag)} already points at ${image.digest}`);
    const build = targets.beforeBuild && { before: targets.beforeBuild, after: targets.current };
    return { tagged, written, latest, floating, conflicts, ...(build ? { build } : {}) };
}
/**
 * A version or extra tag the build command pointed at other bits than the commit tag: the build
 * disagrees with itself, and no policy can tell which image the release is. Nothing is written.
 */
function refuseBuildMoves(image, targets, job) {
    const { plan, repository } = job;
    const { current, beforeBuild } = targets;
    const moved = [plan.version, ...plan.extraTags].filter((tag) => current.get(tag) !== undefined && current.get(tag) !== image.digest && current.get(tag) !== beforeBuild?.get(tag));
    if (moved.length === 0)
        return;
    const told = moved.map((tag) => `the build command pointed ${formatReference(repository, tag)} at ${current.get(tag)}`);
    throw new TagConflictError(`${told.join('; ')}, not at ${image.digest}, the image of the commit tag ${plan.commitTag}: a version tag names the commit's image. Nothing more was written.`);
}
/** The floating tags this release could write: none when the version is not a stable semver. */
function tagging_floatingTagsOf(plan) {
    return plan.floatingTags.flatMap((f) => (f.tag === undefined ? [] : [f.tag]));
}
/** The tags that move with releases, each with the line it follows. */
function movingTagsOf(plan) {
    const floating = plan.floatingTags.flatMap((f) => (f.tag === undefined ? [] : [{ tag: f.tag, line: f.line }]));
    return [...floating, { tag: 'latest', line: 'all' }];
}
/** The error for every conflict of every destination: nothing was written anywhere. */
function conflictError(image, conflicts, plan) {
    return new TagConflictError(`${conflicts.join('; ')}, not at ${image.digest} (the image of commit ${plan.commit.slice(0, 7)}). Version tags are immutable: nothing was written. Set allow-overwrite: true to move them.`);
}
/**
 * Writes what `planned` says (version, extra tags, floating tags, `latest`, in that order), then
 * reads back every written tag: a version or extra tag another writer moved meanwhile fails the
 * release, a moving tag is settled. On the build path, the moving tags the build moved against
 * the policy are put back first. The tags listed are those that point at the digest at the end.
 */
async function writePlanned(image, planned, job) {
    const { plan, repository, settings } = job;
    const ref = (tag) => formatReference(repository, tag);
    if (planned.build && !settings.dryRun)
        await putBackBuildMoves([...planned.floating, { tag: 'latest', ...planned.latest }], planned.build, job);
    const writer = await writeTags(image, planned, job);
    const settled = settings.dryRun ? new Map() : await readBack(image, planned, job);
    const holds = (tag) => (settled.get(tag)?.digest ?? image.digest) === image.digest;
    const why = (tag, decided) => decided + afterwards(tag, settled.get(tag), image);
    const commitRef = sameRepository(repository, image.repository) ? [plan.commitTag] : [];
    return {
        digest: image.digest,
        tags: [...commitRef, ...planned.tagged.filter(holds)].map(ref),
        written: planned.written.map(ref),
        latest: why('latest', planned.latest.why),
        floating: planned.floating.map((d) => why(d.tag, d.why)),
        engine: writer
    };
}
/** What became of a moving tag after this run wrote it, for its decision's sentence. */
function afterwards(tag, settled, image) {
    if (settled === undefined || settled.digest === image.digest)
        return '';
    if (settled.note)
        return `; then ${settled.note}, released meanwhile`;
    return `; another release moved ${tag} on since`;
}
/** Version and extra tags on another digest that may not move; with `allow-overwrite` a warning each. */
function findConflicts(image, current, job) {
    const { plan, settings, log } = job;
    const ref = (tag) => formatReference(job.repository, tag);
    const conflicts = [plan.version, ...plan.extraTags].filter((tag) => current.get(tag) !== undefined && current.get(tag) !== image.digest);
    if (!settings.allowOverwrite)
        return conflicts.map((tag) => `${ref(tag)} already points at ${current.get(tag)}`);
    for (const tag of conflicts)
        log.warning(`Moving ${ref(tag)} from ${current.get(tag)} to ${image.digest} (allow-overwrite)`);
    return [];
}
function latestDecision(existing, job) {
    const { plan, settings, log } = job;
    // with several destinations each decides on its own tags: say which one
    const where = plan.destinations.length > 1 ? `${formatRepository(job.repository)}: ` : '';
    if (existing instanceof Error && settings.latest === 'auto') {
        const decision = { move: false, why: `latest is left alone: ${unlisted(existing)}` };
        log.warning(where + decision.why);
        return decision;
    }
    const decision = decideLatest(settings.latest, plan.version, existing instanceof Error ? [] : existing);
    log.info(where + decision.why);
    return decision;
}
/** Each floating tag judged against the versions of its own line; said in the log. */
function floatingDecisions(existing, job) {
    const { plan, log } = job;
    const where = plan.destinations.length > 1 ? `${formatRepository(job.repository)}: ` : '';
    return plan.floatingTags.map((floating) => {
        if (existing instanceof Error && floating.tag !== undefined) {
            const decision = { tag: floating.tag, move: false, why: `${floating.tag} is left alone: ${unlisted(existing)}` };
            log.warning(where + decision.why);
            return decision;
        }
        const decision = decideFloating(floating, plan.version, existing instanceof Error ? [] : (existing ?? []));
        log.info(where + decision.why);
        return decision;
    });
}
const unlisted = (error) => `the repository's tags could not be listed (${error.message})`;
/** Writes the tags that need it; resolves to the engine that wrote (the finder's name when none did). */
async function writeTags(image, planned, job) {
    const { plan, settings, engine, log, repository } = job;
    const { written } = planned;
    const ref = (tag) => formatReference(repository, tag);
    if (settings.dryRun) {
        for (const tag of written)
            log.info(`Dry run: would tag ${ref(tag)}`);
        return image.engine;
    }
    if (written.length === 0)
        return image.engine;
    // version, extra tags, floating tags (the narrower line first), latest: each group only after the one before
    const floating = (line) => plan.floatingTags.filter((f) => f.line === line).flatMap((f) => f.tag ?? []);
    const groups = [[plan.version], plan.extraTags, floating('minor'), floating('major'), ['latest']]
        .map((group) => group.filter((tag) => written.includes(tag)))
        .filter((group) => group.length > 0);
    const writer = await engine.retag(image, groups, repository);
    for (const tag of written)
        log.info(`Tagged ${ref(tag)}`);
    return writer;
}
/**
 * Reads back, in one round, every tag this run wrote, with the tag list when a moving tag was
 * written. A version or extra tag that names another digest now was moved by another writer (two
 * releases of one version at once): the release fails naming the tag and both digests, so no
 * output claims a tag this run does not hold; the moving tags this run wrote followed this
 * version, so they are put where the version tag went. A moving tag is then settled (settle.ts):
 * another release moving it on is no failure. Resolves to where each written moving tag ended.
 */
async function readBack(image, planned, job) {
    const { written } = planned;
    if (written.length === 0)
        return new Map();
    const { plan, engine, repository, log } = job;
    const moving = movingTagsOf(plan).filter((m) => written.includes(m.tag));
    // `latest: true` follows whichever release wrote last: there is nothing to converge to
    const settling = moving.filter((m) => m.tag !== 'latest' || job.settings.latest === 'auto');
    const seen = await observe(written, settling.length > 0, job);
    const lost = written
        .filter((tag) => !moving.some((m) => m.tag === tag) && seen.current.get(tag) !== image.digest)
        .map((tag) => ({ tag, now: seen.current.get(tag) }));
    if (lost.length > 0) {
        const held = moving.map((m) => m.tag).filter((tag) => seen.current.get(tag) === image.digest);
        throw await lostError(image, lost, held, job);
    }
    const wrote = settling.map((m) => ({ moving: m, digest: image.digest, version: plan.version }));
    const settled = await settleMovingTags(wrote, seen, {
        engine,
        repository,
        log,
        observe: (tags) => observe(tags, true, job)
    });
    const unsettled = moving
        .filter((m) => !settling.includes(m))
        .map((m) => ({ tag: m.tag, digest: seen.current.get(m.tag) }));
    return new Map([...settled, ...unsettled].map((s) => [s.tag, s]));
}
/** Where these tags point now, and the repository's tags when `listed`. */
async function observe(tags, listed, job) {
    const { engine, repository, plan } = job;
    const [now, list] = await Promise.all([
        engine.resolve(repository, tags),
        listed ? engine.listTags(repository, tagListStart(plan.version)).catch((error) => asError(error)) : []
    ]);
    return { tags: list, current: new Map(tags.map((tag, i) => [tag, now[i]])) };
}
const asError = (error) => (error instanceof Error ? error : new Error(String(error)));
/** The failure for version or extra tags another writer moved; the moving tags follow the version tag. */
async function lostError(image, lost, held, job) {
    const ref = (tag) => formatReference(job.repository, tag);
    const told = lost.map((m) => `${ref(m.tag)} now points at ${m.now ?? 'nothing'}, not at ${image.digest}`);
    const version = lost.find((m) => m.tag === job.plan.version)?.now;
    const repair = version && held.length > 0 ? await putMovingBack(version, held, job) : '';
    return new TagMismatchError(`${told.join('; ')}: another writer moved what this run wrote (two releases of one version at once?)${repair}`);
}
/** Points the moving tags at what the version tag names now; says what happened, for the error message. */
async function putMovingBack(digest, tags, job) {
    const { plan, engine, log, repository } = job;
    const refs = tags.map((tag) => formatReference(repository, tag)).join(', ');
    const [was, it] = tags.length === 1 ? ['was', 'it'] : ['were', 'them'];
    try {
        const holder = await engine.find(repository, plan.version);
        if (holder?.digest !== digest)
            return `; ${refs} ${was} left where this run put ${it}: ${plan.version} moved again`;
        await engine.retag(holder, tags.map((tag) => [tag]), repository);
        log.warning(`Put ${refs} back on ${digest}, where ${plan.version} points now`);
        return `; ${refs} ${was} put on ${digest}, with ${plan.version}`;
    }
    catch (error) {
        return `; putting ${refs} on ${digest} with ${plan.version} failed too (${explain(error)})`;
    }
}

;// CONCATENATED MODULE: ./src/promote.ts





/** Destinations published at once for one app: each copy runs its own blob transfers in parallel. */
const DESTINATIONS_AT_ONCE = 4;
const NO_COPY = { mounted: 0, copied: 0, skipped: 0, bytes: 0, manifests: 0, referrers: 0 };
/** Reads the target tags of every destination at once (see readTargets). */
function readAllTargets(plan, settings, engine) {
    return Promise.all(plan.destinations.map((repository) => readTargets(plan, settings.latest, engine, repository)));
}
/**
 * Publishes the image to every destination: all or nothing before the first write (a conflict at
 * any destination is a TagConflictError, and nothing was copied or written anywhere), then per
 * destination the copy, the tags and the read-back, destinations at once. A destination that fails
 * then is reported for itself; the others keep what they got. Throws the failure when every
 * destination failed with nothing written, so the caller may still build.
 */
async function promote(image, targets, job) {
    const { plan } = job;
    const jobs = plan.destinations.map((repository) => ({ ...job, repository }));
    const plans = jobs.map((tagJob, i) => planTags(image, targets[i], tagJob));
    const conflicts = plans.flatMap((planned) => planned.conflicts);
    if (conflicts.length > 0)
        throw conflictError(image, conflicts, plan);
    const steps = jobs.map((tagJob, i) => ({ tagJob, planned: plans[i] }));
    const published = await mapLimit(steps, DESTINATIONS_AT_ONCE, (step) => publish(image, step.planned, step.tagJob));
    const failed = published.filter((p) => p.error !== undefined);
    const wroteSomewhere = published.some((p) => p.result.written.length > 0 || p.error instanceof TagMismatchError);
    if (failed.length === published.length && !wroteSomewhere)
        throw nothingWritten(failed);
    return summed(image, published);
}
/** Copy, tags, read-back in one destination; a failure is kept with what was written before it. */
async function publish(image, planned, job) {
    const { repository, settings, engine, log } = job;
    const where = formatRepository(repository);
    const source = sameRepository(repository, image.repository);
    let stats = NO_COPY;
    try {
        if (settings.dryRun) {
            if (!source)
                log.info(`Dry run: would copy ${formatRepository(image.repository)}@${image.digest} to ${where}`);
        }
        else if (!source) {
            stats = await engine.copy(image, repository, { referrers: settings.referrers });
            log.info(`Copied ${image.digest} to ${where}: ${describeCopy(stats)}`);
        }
        const tagged = await writePlanned(image, planned, job);
        const { tags, written, latest, floating } = tagged;
        const result = destination(where, stats, { tags, written, latest, floating });
        return { result, engine: tagged.engine };
    }
    catch (error) {
        const written = error instanceof PartialRetagError ? error.written : [];
        const floating = planned.floating.map((d) => d.why);
        const result = destination(where, stats, { tags: written, written, latest: planned.latest.why, floating });
        return { result: { ...result, error: explain(error) }, error };
    }
}
function destination(repository, stats, tags) {
    const { mounted, copied, skipped, bytes, referrers } = stats;
    const { floating, ...rest } = tags;
    // without floating-tags, no empty list in the result
    const floated = floating.length > 0 ? { floating } : {};
    return { repository, ...rest, ...floated, blobs: { mounted, copied, skipped }, bytes, referrers };
}
function describeCopy(stats) {
    const { mounted, copied, skipped, bytes, referrers } = stats;
    return `${mounted} blobs mounted, ${copied} copied (${bytes} bytes), ${skipped} already there, ${referrers} referrers`;
}
/** The floating-tag decisions of every destination, each saying where when there are several. */
function floatingOf(results) {
    const where = (r) => (results.length > 1 ? `${r.repository}: ` : '');
    const floating = results.flatMap((r) => (r.floating ?? []).map((why) => where(r) + why));
    return floating.length > 0 ? { floating } : {};
}
/** Every destination failed before writing a tag: the one failure as it was, or all of them. */
function nothingWritten(failed) {
    if (failed.length === 1)
        return failed[0].error;
    return new Error(failed.map((p) => `${p.result.repository}: ${p.result.error}`).join('; '));
}
/** The app's view over its destinations: tags and writes of all, a failure naming each destination that failed. */
function summed(image, published) {
    const results = published.map((p) => p.result);
    const failed = published.filter((p) => p.error !== undefined);
    const single = published.length === 1;
    const failure = single
        ? failed[0]?.error?.message
        : failed.map((p) => `${p.result.repository}: ${p.result.error}`).join('; ');
    const latests = [...new Set(results.map((r) => r.latest))];
    // with several destinations and several decisions, each says where it was made
    const latest = latests.length === 1 ? (latests[0] ?? '') : results.map((r) => `${r.repository}: ${r.latest}`).join('; ');
    return {
        digest: image.digest,
        tags: results.flatMap((r) => r.tags),
        written: results.flatMap((r) => r.written),
        latest,
        ...floatingOf(results),
        engine: published.find((p) => p.engine !== undefined && p.result.written.length > 0)?.engine ?? image.engine,
        destinations: results,
        ...(failure ? { failure } : {})
    };
}

;// CONCATENATED MODULE: ./src/release.ts






const failed = (reason) => ({ path: 'fail', tags: [], written: [], reason });
/**
 * A promotion as the app's outcome. A destination that failed after writes began somewhere fails
 * the app without a rebuild: the tags written name the commit image, a rebuild would give it a
 * second digest. A failed app claims no digest and no tag; its destinations say what each holds.
 */
function outcomeOf(path, promoted, reason) {
    const { failure, destinations, ...done } = promoted;
    if (failure === undefined)
        return { path, ...(reason ? { reason } : {}), ...done, destinations };
    const why = `retag-failed: ${failure}; not rebuilding`;
    return { ...failed(reason ? `${reason}; ${why}` : why), destinations };
}
/**
 * The decision for one app: find the commit image; check it may be reused; re-tag it; otherwise,
 * or when the re-tag fails, build and then tag what the build pushed. Failures become a `fail`
 * result, so one app never stops the others of a batch.
 */
async function releaseApp(plan, settings, deps) {
    const clock = deps.clock ?? Date.now;
    const started = clock();
    const release = new AppRelease(plan, settings, deps);
    const outcome = await release.run();
    return {
        app: plan.app,
        image: plan.image,
        ...outcome,
        ...(release.checks && { checks: release.checks }),
        dryRun: settings.dryRun,
        durationMs: Math.round(clock() - started)
    };
}
class AppRelease {
    plan;
    settings;
    deps;
    /**
     * What the target tags point at now is read while the commit manifest is fetched: the
     * critical path of a re-tag is then one read round trip and the writes.
     */
    targets;
    short;
    commitRef;
    /** What the reuse checks found, when the commit image was found and a check is enabled. */
    checks;
    constructor(plan, settings, deps) {
        this.plan = plan;
        this.settings = settings;
        this.deps = deps;
        this.targets = readAllTargets(plan, settings, deps.engine);
        this.targets.catch(() => { }); // unused when the image is missing; a failure surfaces where it is used
        this.short = plan.commit.slice(0, 7);
        this.commitRef = formatReference(plan.repository, plan.commitTag);
    }
    async run() {
        const checked = await this.checkCommitImage();
        const settled = 'image' in checked ? await this.retagExisting(checked.image) : checked;
        return 'done' in settled ? settled.done : this.onMissing(settled.build);
    }
    async checkCommitImage() {
        const { plan, deps } = this;
        try {
            const found = await deps.engine.find(plan.repository, plan.commitTag);
            if (!found) {
                deps.log.info(`No existing image found for commit ${this.short}, will build`);
                return { build: 'not-found' };
            }
            const why = await this.whyNotReuse(found);
            if (why) {
                deps.log.info(`Found ${this.commitRef} but not reusing it (${why}), will build`);
                return { build: why };
            }
            return { image: found };
        }
        catch (error) {
            // a 403 or an outage is not "not found": say so, and still try the build
            deps.log.warning(`Could not check for an existing image of commit ${this.short} (${explain(error)}), will build`);
            return { build: `check-failed: ${explain(error)}` };
        }
    }
    /**
     * Runs the enabled reuse checks on the image (while the target tags are looked up) and logs what
     * each found; the first that fails says why the image is not reused.
     */
    async whyNotReuse(found) {
        const { plan, settings, deps } = this;
        const rules = { ...settings, commit: plan.commit };
        if (!needsImageFacts(rules))
            return undefined;
        const facts = await deps.engine.facts(found, factsRequest(rules));
        const checks = judgeFacts(facts, rules, (deps.clock ?? Date.now)());
        if (rules.rebuildIfBaseChanged) {
            if (!deps.bases)
                throw new Error('rebuild-if-base-changed needs a base resolver');
            checks.push(await checkBases(facts.bases ?? [], deps.bases));
        }
        this.checks = checks;
        for (const { check, outcome, detail } of checks) {
            const line = `Reuse check ${check}: ${outcome} (${detail})`;
            if (outcome === 'unknown')
                deps.log.warning(`${line}; reusing the image all the same`);
            else
                deps.log.info(line);
        }
        return checks.find((check) => check.outcome === 'fail')?.detail;
    }
    async retagExisting(image) {
        const { log } = this.deps;
        log.info(`✅ Found existing image for commit ${this.short}: ${this.commitRef}`);
        log.info('Optimizing: Re-tagging existing image instead of rebuilding');
        try {
            const promoted = await promote(image, await this.targets, this.job(this.deps.engine));
            return { done: outcomeOf('retag', promoted) };
        }
        catch (error) {
            if (error instanceof TagConflictError)
                return { done: failed(error.message) };
            // some tags already name the commit image, or hold what the registry or another writer put
            // there: a rebuild could only give the image a second digest
            if (error instanceof PartialRetagError || error instanceof TagMismatchError)
                return { done: failed(`retag-failed: ${error.message}; not rebuilding`) };
            log.warning(`Failed to tag existing image, falling back to rebuild (${explain(error)})`);
            return { build: `retag-failed: ${explain(error)}` };
        }
    }
    /** The `on-missing` policy, for a commit image that is missing or may not be reused. */
    async onMissing(reason) {
        const { plan, settings, deps } = this;
        if (settings.onMissing === 'fail')
            return failed(`${reason}; on-missing is fail, so nothing was built`);
        if (settings.onMissing === 'defer') {
            deps.log.info(`Deferring the build of ${plan.app} (on-missing: defer): listed in the deferred output`);
            return { path: 'defer', tags: [], written: [], reason };
        }
        if (settings.dryRun) {
            deps.log.info(`Dry run: would run the build command for ${plan.app}, then tag ${this.commitRef}`);
            return { path: 'build', tags: [], written: [], reason };
        }
        return this.buildThenTag(reason);
    }
    async buildThenTag(reason) {
        const { plan, deps } = this;
        try {
            deps.log.info(`Building ${plan.app} for commit ${this.short}`);
            await deps.build(plan);
        }
        catch (error) {
            return failed(`${reason}; build failed: ${explain(error)}`);
        }
        const tagger = deps.buildTagger ?? deps.engine;
        try {
            const built = await tagger.find(plan.repository, plan.commitTag);
            if (!built)
                throw new Error(`the build command finished but ${this.commitRef} does not exist: it must push the commit tag`);
            deps.log.info(`Build pushed ${this.commitRef} (${built.digest})`);
            // where the tags pointed before the build (read at the start): the build may have moved some
            const before = await this.targets.catch(() => undefined);
            const after = await readAllTargets(plan, this.settings, tagger);
            const targets = after.map((state, i) => ({ ...state, beforeBuild: before?.[i]?.current }));
            const promoted = await promote(built, targets, this.job(tagger));
            return outcomeOf('build', promoted, reason);
        }
        catch (error) {
            if (error instanceof TagConflictError)
                return failed(`${reason}; ${error.message}`);
            return failed(`${reason}; tagging the build failed: ${explain(error)}`);
        }
    }
    job(engine) {
        return { plan: this.plan, settings: this.settings, engine, log: this.deps.log };
    }
}

;// CONCATENATED MODULE: external "node:fs/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
;// CONCATENATED MODULE: ./src/oci/challenge.ts
const TOKEN_CHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
/**
 * Parses a `WWW-Authenticate` value into its challenges (RFC 9110 §11.6.1). A header may carry
 * several challenges separated by commas, and parameter values may be quoted strings with
 * escapes and commas inside, so a split on commas is not enough.
 */
// eslint-disable-next-line max-lines-per-function -- a tokenizer reads best as one loop over the header
function parseChallenges(header) {
    const challenges = [];
    let i = 0;
    const skipSpace = () => {
        while (i < header.length && (header[i] === ' ' || header[i] === '\t'))
            i++;
    };
    const readToken = () => {
        const start = i;
        while (i < header.length && TOKEN_CHAR.test(header[i]))
            i++;
        return header.slice(start, i);
    };
    // a quoted-string: a backslash escapes the next character, so `\"` does not end it
    const readQuoted = () => {
        let value = '';
        i++;
        while (i < header.length && header[i] !== '"') {
            if (header[i] === '\\' && i + 1 < header.length)
                i++;
            value += header[i++];
        }
        i++;
        return value;
    };
    let current;
    // a token right after a scheme (no comma between) is a parameter or a token68, never a scheme
    let afterScheme = false;
    while (i < header.length) {
        skipSpace();
        if (header[i] === ',') {
            i++;
            afterScheme = false;
            continue;
        }
        const token = readToken();
        if (token === '') {
            i++; // stray character: skip it rather than loop forever
            continue;
        }
        skipSpace();
        const isParam = header[i] === '=' && header[i + 1] !== '=' && header[i + 1] !== ',' && i + 1 < header.length;
        if (isParam && current) {
            i++;
            skipSpace();
            const value = header[i] === '"' ? readQuoted() : readToken();
            current.params[token.toLowerCase()] = value;
        }
        else if (afterScheme || header[i] === '=') {
            // token68 (`Basic dXNlcg==`): no parameters to keep
            while (i < header.length && header[i] !== ',')
                i++;
        }
        else {
            current = { scheme: token.toLowerCase(), params: {} };
            challenges.push(current);
            afterScheme = true;
            continue;
        }
        afterScheme = false;
    }
    return challenges;
}
/** Parses a space-separated scope list; malformed entries are ignored. */
function parseScopes(value) {
    if (!value)
        return [];
    const scopes = [];
    for (const entry of value.split(' ')) {
        // names may contain ':' (host:port inside a name is not allowed, but be lenient): type is the
        // first field, actions the last, the name everything between
        const first = entry.indexOf(':');
        const last = entry.lastIndexOf(':');
        if (first <= 0 || last === first)
            continue;
        scopes.push({
            type: entry.slice(0, first),
            name: entry.slice(first + 1, last),
            actions: entry
                .slice(last + 1)
                .split(',')
                .filter(Boolean)
        });
    }
    return scopes;
}
function formatScope(scope) {
    return `${scope.type}:${scope.name}:${[...new Set(scope.actions)].sort().join(',')}`;
}

;// CONCATENATED MODULE: ./src/oci/auth.ts




/** `user:password` in base64, as HTTP Basic and docker's config.json carry it. */
function basicAuth(username, password) {
    return Buffer.from(`${username}:${password}`).toString('base64');
}
/** Every secret a credential holds, including the encoded forms that could appear on the wire. */
function secretsOf(credential) {
    if (credential.kind === 'identity-token')
        return [credential.token];
    return [credential.password, basicAuth(credential.username, credential.password)];
}
/** The `client_id` of refresh-token requests when the application names none. */
const DEFAULT_CLIENT_ID = 'oci-registry-client';
/**
 * Basic and Bearer authentication for one registry. No `/v2/` ping: the first request goes out
 * as it is and the challenge of its 401 says what to do. Bearer tokens are cached per scope, so
 * a release asks the token server once per repository; concurrent requests share one fetch.
 */
class Authenticator {
    options;
    scheme;
    bearer;
    tokens = new Map();
    /** Settles when the first request has taught us how this registry authenticates. */
    firstAnswer;
    constructor(options) {
        this.options = options;
    }
    /**
     * The auth layer of the transport. With a credential, a registry almost surely challenges:
     * requests that start while the very first one is still out wait for it and then go out with
     * the token it obtained, instead of each collecting a 401. Without one, all go at once.
     */
    async send(request, next) {
        if (!this.options.credential)
            return this.sendOnce(request, next);
        if (this.firstAnswer) {
            await this.firstAnswer;
            return this.sendOnce(request, next);
        }
        let settle;
        this.firstAnswer = new Promise((resolve) => (settle = resolve));
        try {
            return await this.sendOnce(request, next, settle);
        }
        finally {
            settle();
        }
    }
    /** Authorise, send, and on a 401 answer the challenge once; `learned` fires once auth is known. */
    async sendOnce(request, next, learned) {
        const used = await this.authorization(request.scope);
        const response = await next(withAuthorization(request, used));
        if (response.status !== 401) {
            learned?.();
            return response;
        }
        // a streamed body is gone: the caller obtained the token before (the upload session's POST)
        // and starts the whole transfer again
        if (request.stream)
            return response;
        // A challenge is answered only when the registry itself sent it. One that came from another
        // origin (the registry redirected there) is not answered at all, rather than anonymously: the
        // registry's credential must not go to a realm it did not name, and the HTTP layer drops the
        // Authorization header on every cross-origin redirect, so even an anonymous token from that
        // realm could never reach the origin that asked for it. The request fails, saying so.
        if (new URL(response.url).origin !== new URL(request.url).origin)
            throw this.foreignChallenge(request, response);
        const challenges = parseChallenges(response.headers.get('www-authenticate') ?? '');
        const bearer = challenges.find((c) => c.scheme === 'bearer');
        const basic = challenges.find((c) => c.scheme === 'basic');
        if (bearer?.params.realm) {
            this.bearer = { realm: this.realmOf(bearer.params.realm), service: bearer.params.service };
            this.scheme = 'bearer';
            const scopes = mergeScopes(parseScopes(bearer.params.scope), request.scope);
            const token = await this.token(scopes, used?.slice('Bearer '.length));
            learned?.(); // the waiting requests may go now, alongside this retry
            return next(withAuthorization(request, `Bearer ${token}`));
        }
        if (basic && this.options.credential?.kind === 'basic' && this.scheme !== 'basic') {
            this.scheme = 'basic';
            learned?.();
            return next(withAuthorization(request, this.basicHeader()));
        }
        return response;
    }
    /** The 401 of another origin, that a redirect of the registry led to. */
    foreignChallenge(request, response) {
        const asked = new URL(request.url);
        const other = new URL(response.url).origin;
        const registry = this.options.registry;
        return this.authError(`${request.method} ${asked.origin}${asked.pathname}: ${registry} redirected the request to ${other}, which ` +
            `answered 401 and asks for credentials; credentials for ${registry} go only to ${registry} and the token ` +
            `service it names, so the challenge of ${other} was not answered. The registry's redirect is misconfigured, ` +
            `or points at storage that needs access of its own: ask the registry's operator.`);
    }
    /**
     * The token realm a challenge of the registry names, if tokens may be asked for there: HTTPS, or
     * plain HTTP on a host that is itself spoken to over plain HTTP (loopback, insecure registries).
     */
    realmOf(realm) {
        const registry = this.options.registry;
        let url;
        try {
            url = new URL(realm);
        }
        catch {
            const named = `'${neutralise(realm, 100)}'`;
            throw this.authError(`${registry} named a token realm that is not a URL (${named}) in its Bearer challenge, so no token can be ` +
                `asked for: the registry's token authentication is misconfigured; ask the registry's operator.`);
        }
        if (url.protocol === 'https:' || (url.protocol === 'http:' && this.options.plainHttp(url.host)))
            return url;
        const where = url.protocol === 'http:' ? url.origin : `'${neutralise(`${url.protocol}//${url.host}${url.pathname}`, 100)}'`;
        throw this.authError(`${registry} named the token realm ${where}, which is not HTTPS; credentials are not sent there. Plain HTTP ` +
            `is used only with loopback hosts and hosts listed as insecure registries; ask the registry's operator ` +
            `for an HTTPS token service.`);
    }
    async authorization(scope) {
        if (this.scheme === 'basic')
            return this.basicHeader();
        if (this.scheme === 'bearer')
            return `Bearer ${await this.token(mergeScopes([], scope))}`;
        return undefined;
    }
    basicHeader() {
        const credential = this.options.credential;
        if (credential?.kind !== 'basic')
            return undefined;
        return `Basic ${basicAuth(credential.username, credential.password)}`;
    }
    /**
     * A token for these scopes: the cached one, unless it is the one the registry just refused
     * (expired, or short of an action), in which case a new one is fetched.
     */
    token(scopes, refused) {
        const key = scopes.map(formatScope).sort().join(' ');
        const cached = this.tokens.get(key);
        if (cached) {
            return cached.then((token) => (token === refused ? this.fetchAndCache(key, scopes) : token));
        }
        return this.fetchAndCache(key, scopes);
    }
    fetchAndCache(key, scopes) {
        const pending = this.fetchToken(scopes);
        this.tokens.set(key, pending);
        pending.catch(() => this.tokens.delete(key)); // a failed fetch must not poison later requests
        return pending;
    }
    /** Asks the token realm for a token, checks the answer, and hands the token to `onSecret`. */
    async fetchToken(scopes) {
        const { realm, service } = this.bearer;
        const form = new URLSearchParams();
        if (service)
            form.set('service', service);
        for (const scope of scopes)
            form.append('scope', formatScope(scope));
        const response = await this.options.unauthenticated(this.tokenRequest(new URL(realm), form));
        const token = this.tokenOf(response, realm);
        this.options.onSecret?.(token);
        return token;
    }
    /** An identity token is exchanged with a refresh-token POST; anything else is a GET, Basic if we can. */
    tokenRequest(url, form) {
        const credential = this.options.credential;
        if (credential?.kind === 'identity-token') {
            // OAuth2 refresh-token grant, as docker does with an identity token
            form.set('grant_type', 'refresh_token');
            form.set('refresh_token', credential.token);
            form.set('client_id', this.options.clientId ?? DEFAULT_CLIENT_ID);
            const headers = { 'content-type': 'application/x-www-form-urlencoded' };
            return { method: 'POST', url: url.href, headers, body: Buffer.from(form.toString()) };
        }
        for (const [name, value] of form)
            url.searchParams.append(name, value);
        const basic = this.basicHeader();
        return { method: 'GET', url: url.href, headers: basic ? { authorization: basic } : {} };
    }
    /** The token of the token service's answer; never quotes the body, which may hold one. */
    tokenOf(response, realm) {
        const failing = `authenticating to ${this.options.registry} at the token service ${realm.origin}`;
        if (response.status !== 200)
            throw this.tokenRefusal(response.status, failing);
        let body;
        try {
            body = JSON.parse(Buffer.from(response.body).toString('utf8'));
        }
        catch {
            throw this.authError(`${failing}: the token service answered something that is not JSON`);
        }
        const token = body.token || body.access_token;
        if (!token)
            throw this.authError(`${failing}: the token service answered without a token`);
        return token;
    }
    /**
     * A token service that failed or is overloaded (502, 503, 429, …) says nothing about the credentials:
     * that is temporary, and retried. A 401 or 403 is a refusal.
     */
    tokenRefusal(status, failing) {
        if (isTemporary(status)) {
            const what = status === 429 ? 'is rate-limiting this client' : 'failed';
            const message = `${failing}: the token service ${what} (HTTP ${status}). This says nothing about the credentials and ` +
                `is usually temporary: the request is retried; if it persists, the token service is down.`;
            return this.authError(message, status);
        }
        if (status >= 500) {
            return this.authError(`${failing}: the token service failed (HTTP ${status}); ask the registry's operator.`, status);
        }
        const who = this.options.credential ? 'the credentials were refused' : 'anonymous access was refused';
        const code = status === 401 ? 'UNAUTHORIZED' : 'DENIED';
        return this.authError(`${failing}: ${who} by the token service (HTTP ${status}).`, status, code);
    }
    authError(message, status, code) {
        const temporary = isTemporary(status, code);
        return new RegistryError(message, { status, code, temporary, operation: 'auth', registry: this.options.registry });
    }
}
function withAuthorization(request, authorization) {
    if (!authorization)
        return request;
    return { ...request, headers: { ...request.headers, authorization } };
}
/** The challenge's scopes plus the request's own, actions of the same repository merged. */
function mergeScopes(fromChallenge, wanted) {
    const merged = new Map();
    for (const scope of [...fromChallenge, ...[wanted ?? []].flat()]) {
        const key = `${scope.type}:${scope.name}`;
        const existing = merged.get(key);
        merged.set(key, { ...scope, actions: [...new Set([...(existing?.actions ?? []), ...scope.actions])] });
    }
    return [...merged.values()];
}

;// CONCATENATED MODULE: ./src/oci/keychain.ts





/** The key under which docker stores Docker Hub credentials: the legacy index URL, not a host. */
const DOCKER_HUB_CONFIG_KEY = 'https://index.docker.io/v1/';
/** `$DOCKER_CONFIG`, else `~/.docker`. */
function defaultDockerConfigDir(env) {
    return env.DOCKER_CONFIG || (0,external_node_path_namespaceObject.join)((0,external_node_os_namespaceObject.homedir)(), '.docker');
}
/** Docker config keys are hosts, sometimes URLs (`https://index.docker.io/v1/`): reduce to a registry name. */
function configKeyRegistry(key) {
    const host = key
        .replace(/^[a-z]+:\/\//i, '')
        .replace(/\/.*$/, '')
        .toLowerCase();
    return host === 'index.docker.io' || host === 'registry-1.docker.io' ? DOCKER_HUB : host;
}
async function readDockerConfig(dir) {
    let text;
    try {
        text = await (0,promises_namespaceObject.readFile)((0,external_node_path_namespaceObject.join)(dir, 'config.json'), 'utf8');
    }
    catch {
        return undefined; // no config: anonymous or another source
    }
    try {
        return JSON.parse(text);
    }
    catch {
        // never echo the file: it holds secrets
        throw new Error(`${(0,external_node_path_namespaceObject.join)(dir, 'config.json')} is not valid JSON`);
    }
}
function fromAuthEntry(entry) {
    if (entry.identitytoken)
        return { kind: 'identity-token', token: entry.identitytoken };
    if (entry.auth) {
        const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon > 0)
            return { kind: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    }
    if (entry.username && entry.password)
        return { kind: 'basic', username: entry.username, password: entry.password };
    return undefined;
}
/**
 * Finds the credential for a registry the way docker does: the explicit user name and password;
 * else `credHelpers[registry]`; else `credsStore`; else the `auths` entry. Undefined: none found.
 */
async function findCredential(registry, sources) {
    if (sources.username && sources.password) {
        return {
            credential: { kind: 'basic', username: sources.username, password: sources.password },
            source: 'inputs',
            fromDockerConfig: false
        };
    }
    const dir = sources.dockerConfigDir;
    const file = (0,external_node_path_namespaceObject.join)(dir, 'config.json');
    const config = await readDockerConfig(dir);
    const runHelper = sources.runHelper ?? execHelper;
    const helper = Object.entries(config?.credHelpers ?? {}).find(([key]) => configKeyRegistry(key) === registry)?.[1] ??
        config?.credsStore;
    if (helper) {
        const credential = await fromHelper(helper, registry, runHelper, sources.warn);
        if (credential)
            return { credential, source: `docker-credential-${helper} (${file})`, fromDockerConfig: true };
    }
    for (const [key, entry] of Object.entries(config?.auths ?? {})) {
        if (configKeyRegistry(key) !== registry)
            continue;
        const credential = fromAuthEntry(entry);
        if (credential)
            return { credential, source: `${file} (auths)`, fromDockerConfig: true };
    }
    return undefined;
}
/** Docker Hub credentials are stored under the legacy index URL; everything else under its host. */
function helperServer(registry) {
    return registry === DOCKER_HUB ? DOCKER_HUB_CONFIG_KEY : registry;
}
async function fromHelper(helper, registry, runHelper, warn) {
    if (!/^[A-Za-z0-9._-]+$/.test(helper))
        throw new Error(`docker config names an invalid credential helper '${helper}'`);
    let output;
    try {
        output = await runHelper(`docker-credential-${helper}`, helperServer(registry));
    }
    catch (error) {
        if (error.code !== 'ENOENT')
            throw error;
        warn?.(`docker's config.json names the credential helper docker-credential-${helper}, which is not installed: going on without it`);
        return undefined;
    }
    if (output === undefined)
        return undefined;
    let parsed;
    try {
        parsed = JSON.parse(output);
    }
    catch {
        throw new Error(`docker-credential-${helper} answered something that is not JSON`); // never echo it: it may be a secret
    }
    if (!parsed.Secret)
        return undefined;
    // docker's convention: the user name <token> marks an identity (refresh) token
    if (parsed.Username === '<token>')
        return { kind: 'identity-token', token: parsed.Secret };
    return { kind: 'basic', username: parsed.Username ?? '', password: parsed.Secret };
}
/** The real helper: a program on PATH. "Not found" (exit 1, as docker's helpers do) means no credential. */
const execHelper = (program, server) => new Promise((resolve, reject) => {
    const child = (0,external_node_child_process_namespaceObject.execFile)(program, ['get'], { timeout: 30_000, maxBuffer: 1024 * 1024 }, (error, stdout) => {
        if (!error)
            return resolve(stdout);
        const code = error.code;
        if (code === 'ENOENT')
            return reject(error);
        if (/credentials not found/i.test(stdout))
            return resolve(undefined);
        reject(new Error(`credential helper ${program} failed (exit ${String(code)})`));
    });
    child.stdin?.end(server);
});

;// CONCATENATED MODULE: ./src/engines/docker-cli.ts







/** docker's exit code for a command that is not there (ours too, when the binary is missing). */
const COMMAND_NOT_FOUND = 127;
/** The real docker CLI, silent (its output is read, not shown); a missing binary is exit 127. */
function dockerCli(env) {
    return (args) => new Promise((resolve) => {
        (0,external_node_child_process_namespaceObject.execFile)('docker', args, { env, maxBuffer: 16 * 1024 * 1024, timeout: 10 * 60_000 }, (error, stdout, stderr) => {
            if (error?.code === 'ENOENT')
                resolve({ code: COMMAND_NOT_FOUND, stdout, stderr: 'docker: command not found' });
            else
                resolve({ code: exitCodeOf(error), stdout, stderr });
        });
    });
}
function exitCodeOf(error) {
    if (!error)
        return 0;
    return typeof error.code === 'number' ? error.code : 1;
}
/**
 * A private DOCKER_CONFIG for the CLI: the user's own config.json plus the credentials docker
 * would not find there (inputs, github-token), file mode 0600, removed afterwards; no secret ever
 * goes on a command line. The user's CLI plugins (buildx) stay visible through a link.
 */
async function privateDockerConfig(userDir, credentials, 
/** Where the directory goes: the runner's temporary directory, else the system's. */
tempRoot = (0,external_node_os_namespaceObject.tmpdir)()) {
    const dir = await (0,promises_namespaceObject.mkdtemp)((0,external_node_path_namespaceObject.join)(tempRoot, 'image-retag-docker-'));
    const cleanup = () => (0,promises_namespaceObject.rm)(dir, { recursive: true, force: true });
    try {
        let config = {};
        try {
            config = JSON.parse(await (0,promises_namespaceObject.readFile)((0,external_node_path_namespaceObject.join)(userDir, 'config.json'), 'utf8'));
        }
        catch {
            // no config of the user's, or not JSON: the handed-over credentials alone
        }
        const auths = { ...config.auths };
        for (const [registry, credential] of credentials) {
            const key = registry === DOCKER_HUB ? DOCKER_HUB_CONFIG_KEY : registry;
            auths[key] =
                credential.kind === 'basic'
                    ? { auth: basicAuth(credential.username, credential.password) }
                    : { identitytoken: credential.token };
        }
        await (0,promises_namespaceObject.writeFile)((0,external_node_path_namespaceObject.join)(dir, 'config.json'), JSON.stringify({ ...config, auths }), { mode: 0o600 });
        await (0,promises_namespaceObject.symlink)((0,external_node_path_namespaceObject.join)(userDir, 'cli-plugins'), (0,external_node_path_namespaceObject.join)(dir, 'cli-plugins')).catch(() => undefined);
        return { dir, cleanup };
    }
    catch (error) {
        await cleanup();
        throw error;
    }
}

;// CONCATENATED MODULE: ./src/engines/docker.ts





const NOT_FOUND = /no such manifest|manifest unknown|manifest .* not found/i;
/** A docker CLI call that failed for a reason other than "not found". */
class DockerError extends Error {
    name = 'DockerError';
}
/**
 * The procedure this action replaces, done with the docker CLI: `docker manifest inspect` to
 * check, `docker buildx imagetools create` to re-tag registry-side, and where buildx is missing
 * pull + tag + push, for a single Docker v2 manifest only.
 */
class DockerEngine {
    cli;
    options;
    name = 'docker';
    buildx;
    constructor(cli, options) {
        this.cli = cli;
        this.options = options;
    }
    async find(repository, tag) {
        const ref = formatReference(repository, tag);
        const inspected = await this.inspect(ref);
        if (!inspected)
            return this.confirmMissing(repository, tag);
        const mediaType = inspected.mediaType ?? (inspected.manifests ? MEDIA_TYPES.ociIndex : MEDIA_TYPES.ociManifest);
        return { repository, tag, mediaType, digest: await this.digestOf(repository, tag), engine: this.name };
    }
    async resolve(repository, tags) {
        return Promise.all(tags.map(async (tag) => (await this.inspect(formatReference(repository, tag))) ? this.digestOf(repository, tag) : undefined));
    }
    async listTags(repository, after) {
        if (!this.options.reader)
            throw new DockerError(`listing the tags of ${formatRepository(repository)} needs the registry API`);
        return this.options.reader.listTags(repository, after);
    }
    async facts(image, read) {
        if (!this.options.reader)
            throw new DockerError(`reading the image configs of ${formatRepository(image.repository)} needs the registry API`);
        return this.options.reader.facts(image, read);
    }
    /**
     * Nothing to do ahead: `imagetools create` (or a push) copies what the destination lacks when it
     * writes the tags. What refers to the digest does not go along.
     */
    async copy(image, destination, options) {
        if (options.referrers) {
            this.options.warn?.(`the docker engine does not copy signatures, attestations or SBOMs that refer to ${image.digest}: ${formatRepository(destination)} gets the image only`);
        }
        return { mounted: 0, copied: 0, skipped: 0, bytes: 0, manifests: 0, referrers: 0 };
    }
    async retag(image, groups, destination = image.repository) {
        const refGroups = groups
            .map((group) => group.map((tag) => formatReference(destination, tag)))
            .filter((refs) => refs.length > 0);
        if (refGroups.length === 0)
            return this.name;
        const target = { image, destination };
        return (await this.hasBuildx()) ? this.retagWithBuildx(target, refGroups) : this.retagByPush(target, refGroups);
    }
    /** Registry-side: `imagetools create`, one call per group, so latest is never written unless the version tag was. */
    async retagWithBuildx(target, refGroups) {
        const { image } = target;
        const source = `${formatRepository(image.repository)}@${image.digest}`;
        // without --prefer-index=false buildx wraps a single manifest in a new index: a new digest
        const single = INDEX_TYPES.has(image.mediaType) ? [] : ['--prefer-index=false'];
        const written = [];
        for (const refs of refGroups) {
            await this.afterWriting(written, async () => {
                await this.run(['buildx', 'imagetools', 'create', ...single, ...refs.flatMap((ref) => ['--tag', ref]), source]);
                await this.verify(target, refs);
            });
            written.push(...refs);
        }
        return this.name;
    }
    /** Without buildx: pull + tag + push, which keeps the digest of a single Docker v2 manifest only. */
    async retagByPush(target, refGroups) {
        const { image } = target;
        const source = `${formatRepository(image.repository)}@${image.digest}`;
        if (INDEX_TYPES.has(image.mediaType)) {
            throw new DockerError(`docker buildx is not installed, and pull + tag + push would keep one platform of the multi-arch index ${source} and drop the others`);
        }
        if (image.mediaType !== MEDIA_TYPES.dockerManifest) {
            // docker's image store pushes what it pulled as a Docker manifest: an OCI one would get a new digest
            throw new DockerError(`docker buildx is not installed, and pull + tag + push would rewrite the ${image.mediaType} ${source} under a new digest`);
        }
        await this.run(['pull', source]);
        const written = [];
        for (const ref of refGroups.flat()) {
            await this.afterWriting(written, async () => {
                await this.run(['tag', source, ref]);
                await this.run(['push', ref]);
                await this.verify(target, [ref]);
            });
            written.push(ref);
        }
        return this.name;
    }
    /**
     * docker says "no such manifest" also when it may not read the repository: where the registry
     * API can tell, it decides whether the image is really missing.
     */
    async confirmMissing(repository, tag) {
        const reader = this.options.reader;
        if (!reader)
            return undefined;
        const ref = formatReference(repository, tag);
        let found;
        try {
            found = await reader.find(repository, tag);
        }
        catch (error) {
            throw new DockerError(`docker manifest inspect ${ref}: no such manifest, which docker also says when it may not read it; the registry API could not tell (${explain(error)})`);
        }
        if (found)
            throw new DockerError(`docker manifest inspect ${ref}: no such manifest, yet the registry API has it: docker is probably not logged in to ${repository.registry}`);
        return undefined;
    }
    /** Runs a write step; a failure after earlier writes says which tags were already written. */
    async afterWriting(written, step) {
        try {
            await step();
        }
        catch (error) {
            throw written.length > 0 ? new PartialRetagError(explain(error), written) : error;
        }
    }
    /** The manifest JSON as `docker manifest inspect` prints it, or undefined when it does not exist. */
    async inspect(ref) {
        const result = await this.cli(['manifest', 'inspect', ...this.insecureFlag(ref), ref]);
        if (result.code === 0)
            return JSON.parse(result.stdout);
        if (result.code !== COMMAND_NOT_FOUND &&
            NOT_FOUND.test(result.stderr) &&
            !/unauthorized|denied/i.test(result.stderr))
            return undefined;
        throw new DockerError(`docker manifest inspect ${ref}: ${whatDockerSaid(result)}`);
    }
    /**
     * The digest of a tag: from buildx, else the registry API, else `manifest inspect --verbose`
     * (which tells it for single manifests only).
     */
    async digestOf(repository, tag) {
        const ref = formatReference(repository, tag);
        if (await this.hasBuildx()) {
            const result = await this.run(['buildx', 'imagetools', 'inspect', ref, '--format', '{{json .Manifest}}']);
            return JSON.parse(result.stdout).digest;
        }
        const [fromApi] = (await this.options.reader?.resolve(repository, [tag]).catch(() => undefined)) ?? [];
        if (fromApi)
            return fromApi;
        const verbose = await this.run(['manifest', 'inspect', '--verbose', ...this.insecureFlag(ref), ref]);
        const parsed = JSON.parse(verbose.stdout);
        if (parsed.Descriptor?.digest)
            return parsed.Descriptor.digest;
        throw new DockerError(`cannot tell the digest of ${ref}: docker buildx is not installed and the registry API did not answer`);
    }
    /** After a write, every tag must name the commit image's digest: anything else is a failure naming the tag. */
    async verify(target, refs) {
        const { image, destination } = target;
        for (const ref of refs) {
            const tag = ref.slice(ref.lastIndexOf(':') + 1);
            const digest = await this.digestOf(destination, tag);
            if (digest !== image.digest)
                throw new DockerError(`${ref} points at ${digest} after the re-tag, expected ${image.digest}`);
        }
    }
    hasBuildx() {
        this.buildx ??= this.cli(['buildx', 'version']).then((result) => result.code === 0);
        return this.buildx;
    }
    async run(args) {
        const result = await this.cli(args);
        if (result.code !== 0)
            throw new DockerError(`docker ${args.slice(0, 3).join(' ')}: ${whatDockerSaid(result)}`);
        return result;
    }
    insecureFlag(ref) {
        return this.options.insecure(ref.slice(0, ref.indexOf('/'))) ? ['--insecure'] : [];
    }
}
/** What docker said, on one line: it may print `errors:` and then the causes, one a line. */
function whatDockerSaid(result) {
    const lines = (result.stderr || result.stdout)
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line && line !== 'errors:');
    return lines.join('; ') || `exit code ${result.code}`;
}

;// CONCATENATED MODULE: ./src/engines/fallback.ts



/**
 * Each step through `primary`; when it fails for a reason other than "not found" (an auth scheme
 * it cannot speak, a network policy), the same step again through `fallback`. `engine: auto` is
 * registry then docker; a fresh build under `engine: docker` is tagged docker then registry.
 */
class FallbackEngine {
    primary;
    fallback;
    warn;
    name = 'auto';
    constructor(primary, fallback, warn) {
        this.primary = primary;
        this.fallback = fallback;
        this.warn = warn;
    }
    find(repository, tag) {
        return this.either('checking', (engine) => engine.find(repository, tag));
    }
    resolve(repository, tags) {
        return this.either('looking up tags', (engine) => engine.resolve(repository, tags));
    }
    listTags(repository, after) {
        // a list the client stopped reading (no end, the same page twice, no list at all) comes from
        // the registry API, which is also where the docker engine reads tags: asking again only repeats it
        const judged = (error) => error instanceof RegistryError && error.operation === 'list' && error.status === undefined;
        return this.either('listing tags', (engine) => engine.listTags(repository, after), judged);
    }
    facts(image, read) {
        return this.either('reading the image', (engine) => engine.facts(image, read));
    }
    retag(image, groups, destination) {
        return this.either('re-tagging', (engine) => engine.retag(image, groups, destination));
    }
    copy(image, destination, options) {
        return this.either('copying', (engine) => engine.copy(image, destination, options));
    }
    async either(step, action, final = () => false) {
        try {
            return await action(this.primary);
        }
        catch (error) {
            // something was written (or stored under a tag): the same writes again elsewhere would not help
            if (error instanceof PartialRetagError || error instanceof TagMismatchError || final(error))
                throw error;
            this.warn(`${step} through the ${this.primary.name} engine failed (${explain(error)}); trying the ${this.fallback.name} engine`);
            return action(this.fallback);
        }
    }
}

;// CONCATENATED MODULE: ./src/oci/blobs.ts





const pull = (repository) => ({ type: 'repository', name: repository.path, actions: ['pull'] });
const pullPush = (repository) => ({ type: 'repository', name: repository.path, actions: ['pull', 'push'] });
/**
 * Makes a blob exist in the destination. Same registry: a cross-repository mount, one request;
 * another registry: a HEAD, and a streamed copy only when the blob is missing.
 */
async function transferBlob(source, destination, blob, options) {
    let session;
    if (source.repository.registry === destination.repository.registry) {
        const mount = await mountBlob(destination, source.repository, blob.digest);
        if (mount.mounted)
            return 'mounted';
        session = mount.session;
    }
    else if (await hasBlob(destination, blob.digest)) {
        return 'skipped';
    }
    for (let attempt = 1;; attempt++) {
        try {
            await streamBlob(source, destination, blob, session);
            return 'copied';
        }
        catch (error) {
            if (!(error instanceof RegistryError && error.temporary) || attempt >= options.attempts)
                throw error;
            session = undefined;
            await options.sleep(250 * 2 ** (attempt - 1));
        }
    }
}
/**
 * `POST …/blobs/uploads/?mount=<digest>&from=<source>` with one token for both repositories.
 * 201: mounted. 202: refused, with an upload session the copy may use. Anything else (Harbor's
 * 401, Docker Hub's 400, a 404, a token service that will not grant the source) is a refusal too,
 * never an error by itself: the blob is copied instead.
 */
async function mountBlob(destination, from, digest) {
    const query = `mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(from.path)}`;
    let response;
    try {
        response = await destination.transport.request({
            method: 'POST',
            path: `/v2/${destination.repository.path}/blobs/uploads/?${query}`,
            headers: { 'content-length': '0' },
            scope: [pullPush(destination.repository), pull(from)]
        });
    }
    catch (error) {
        if (error instanceof RegistryError && error.operation === 'auth' && !error.temporary)
            return { mounted: false };
        throw error;
    }
    if (response.status === 201)
        return { mounted: true };
    const location = response.headers.get('location');
    return response.status === 202 && location ? { mounted: false, session: location } : { mounted: false };
}
/** Whether the destination has the blob: 200 yes, 404 no, anything else an error. */
async function hasBlob(destination, digest) {
    const response = await destination.transport.request({
        method: 'HEAD',
        path: `/v2/${destination.repository.path}/blobs/${digest}`,
        scope: pullPush(destination.repository)
    });
    if (response.status === 200)
        return true;
    if (response.status === 404)
        return false;
    throw blobError('checking', destination, digest, response);
}
/**
 * One try: an upload session (its POST obtains the token), the source's GET as a stream, and ONE
 * PUT of the whole blob with its Content-Length (monolithic: ECR drops chunked uploads), the
 * digest checked as the bytes pass. Memory stays at a few chunks whatever the blob's size.
 */
async function streamBlob(source, destination, blob, session) {
    const location = session ?? (await openSession(destination, blob.digest));
    const download = await source.transport.request({
        method: 'GET',
        path: `/v2/${source.repository.path}/blobs/${blob.digest}`,
        streamAnswer: true,
        scope: pull(source.repository)
    });
    if (download.status !== 200 || !download.stream)
        throw blobError('fetching', source, blob.digest, download);
    const checked = verifying(download.stream, blob, `${formatRepository(source.repository)}@${blob.digest}`);
    let response;
    try {
        response = await destination.transport.request({
            method: 'PUT',
            path: uploadPath(destination, location, blob.digest),
            headers: { 'content-type': 'application/octet-stream' },
            stream: { length: blob.size, chunks: checked.chunks },
            scope: pullPush(destination.repository)
        });
    }
    catch (error) {
        throw checked.failure() ?? error;
    }
    finally {
        await checked.close();
    }
    const failure = checked.failure();
    if (failure)
        throw failure;
    if (response.status !== 201 && response.status !== 204) {
        throw blobError('uploading', destination, blob.digest, response);
    }
    const stored = response.headers.get('docker-content-digest');
    if (stored && stored !== blob.digest) {
        const what = `the registry stored ${neutralise(stored, 80)}`;
        throw new RegistryError(`pushing blob ${blob.digest} to ${formatRepository(destination.repository)}: ${what}`, {
            operation: 'push',
            registry: destination.repository.registry
        });
    }
}
/** POST …/blobs/uploads/: the session's location. */
async function openSession(destination, digest) {
    const response = await destination.transport.request({
        method: 'POST',
        path: `/v2/${destination.repository.path}/blobs/uploads/`,
        headers: { 'content-length': '0' },
        scope: pullPush(destination.repository)
    });
    const location = response.headers.get('location');
    if (response.status !== 202 || !location)
        throw blobError('pushing', destination, digest, response);
    return location;
}
/**
 * The session's location with `digest=` added, as a path on the registry's own origin: an upload
 * elsewhere would carry the registry's credentials to a host it did not name for them.
 */
function uploadPath(destination, location, digest) {
    const base = new URL(destination.transport.baseUrl);
    const url = new URL(location, base);
    if (url.origin !== base.origin) {
        const where = neutralise(url.origin, 100);
        throw new RegistryError(`pushing blob ${digest} to ${formatRepository(destination.repository)}: the registry named an upload location ` +
            `on another origin (${where}); credentials go only to the registry itself`, { operation: 'push', registry: destination.repository.registry });
    }
    const path = `${url.pathname}${url.search}`;
    return `${path}${url.search ? '&' : '?'}digest=${encodeURIComponent(digest)}`;
}
/**
 * The source's bytes, hashed as they pass. The last chunk goes out only once size and digest are
 * right, so a registry never receives a whole blob that is not the one named; a broken source is
 * a temporary failure (the blob is copied again from the start), wrong bytes are not.
 */
function verifying(stream, blob, what) {
    const reader = stream.getReader();
    let failure;
    const fail = (message, temporary, cause) => (failure = new RegistryError(`fetching blob ${what}: ${message}`, { operation: 'blob', temporary, cause }));
    async function* chunks() {
        const hash = (0,external_node_crypto_.createHash)(blob.digest.startsWith('sha512:') ? 'sha512' : 'sha256');
        let size = 0;
        let held;
        for (;;) {
            let next;
            try {
                next = await reader.read();
            }
            catch (error) {
                throw fail(`the transfer broke off after ${size} bytes (${blobs_describe(error)})`, true, error);
            }
            if (next.done)
                break;
            size += next.value.byteLength;
            if (size > blob.size)
                throw fail(`more bytes than the ${blob.size} the manifest names`, false);
            hash.update(next.value);
            if (held)
                yield held;
            held = next.value;
        }
        if (size < blob.size)
            throw fail(`the source ended after ${size} of ${blob.size} bytes`, true);
        const actual = `${blob.digest.split(':')[0]}:${hash.digest('hex')}`;
        if (actual !== blob.digest)
            throw fail(`the bytes hash to ${actual}`, false);
        if (held)
            yield held;
    }
    return {
        chunks: chunks(),
        failure: () => failure,
        close: () => reader.cancel().catch(() => undefined)
    };
}
function blobs_describe(error) {
    const failure = error;
    return neutralise(String(typeof failure?.code === 'string' ? failure.code : (failure?.message ?? error)), 100);
}
function blobError(verb, side, digest, response) {
    // a 401 to the upload is a token that expired mid-transfer: the next try's POST gets a new one
    const retry = verb === 'uploading' && response.status === 401;
    const { code, message } = parseErrorBody(Buffer.from(response.body).toString('utf8'));
    const detail = `${code ?? `HTTP ${response.status}`}${message ? ` (${message})` : ''}`;
    const { status } = response;
    return new RegistryError(`${verb} blob ${digest} of ${formatRepository(side.repository)}: ${detail}.`, {
        status,
        code,
        temporary: retry || isTemporary(status, code),
        detail: message,
        operation: verb === 'pushing' || verb === 'uploading' ? 'push' : 'blob',
        registry: side.repository.registry,
        reference: digest
    });
}

;// CONCATENATED MODULE: ./src/oci/limit.ts
/** A gate that lets at most `max` tasks run at once; the others wait their turn, in order. */
function limiter(max) {
    let running = 0;
    const waiting = [];
    return async (task) => {
        if (running >= max)
            await new Promise((resolve) => waiting.push(resolve));
        else
            running++;
        try {
            return await task();
        }
        finally {
            // the slot passes straight to the next waiter, or is freed
            const next = waiting.shift();
            if (next)
                next();
            else
                running--;
        }
    };
}

;// CONCATENATED MODULE: ./src/oci/referrers.ts



/** The OCI referrers tag schema: `sha256-<hex>`, an index of the digest's referrers. */
function referrersTag(digest) {
    return digest.replace(':', '-');
}
/** cosign's tags for a digest: signatures, attestations, SBOMs (cosign before v3 writes these). */
function cosignTags(digest) {
    return ['sig', 'att', 'sbom'].map((suffix) => `${referrersTag(digest)}.${suffix}`);
}
/**
 * What refers to `digest` in `side`'s repository: the OCI 1.1 referrers API where the registry has
 * it, else the index under the referrers tag schema. A 404 (Distribution 2.8), another refusal or an
 * answer that is no index means "no API".
 */
async function listReferrers(side, client, digest) {
    const fromApi = await askReferrersApi(side, digest);
    if (fromApi)
        return fromApi;
    const index = await client.getManifest(referrersTag(digest));
    return index ? (descriptorsOf(index.bytes) ?? []) : [];
}
/** The referrers the API lists, or undefined where the registry has no referrers API. */
async function askReferrersApi(side, digest) {
    const response = await side.transport.request({
        method: 'GET',
        path: `/v2/${side.repository.path}/referrers/${digest}`,
        headers: { accept: MEDIA_TYPES.ociIndex },
        scope: { type: 'repository', name: side.repository.path, actions: ['pull'] }
    });
    if (response.status === 200)
        return descriptorsOf(response.body);
    if (response.status >= 400 && response.status < 500)
        return undefined;
    throw new RegistryError(`listing referrers of ${formatRepository(side.repository)}@${digest}: HTTP ${response.status}`, { status: response.status, operation: 'fetch', registry: side.repository.registry, reference: digest });
}
/** The valid descriptors of an image index; undefined when the bytes are no index. */
function descriptorsOf(bytes) {
    return entriesOf(bytes)?.filter(isDescriptor);
}
/** Every entry of an image index's `manifests`, as it is; undefined when the bytes are no index. */
function entriesOf(bytes) {
    let parsed;
    try {
        parsed = JSON.parse(Buffer.from(bytes).toString('utf8'));
    }
    catch {
        return undefined;
    }
    if (!parsed || typeof parsed !== 'object' || !Array.isArray(parsed.manifests))
        return undefined;
    return parsed.manifests;
}
function isDescriptor(entry) {
    if (!entry || typeof entry !== 'object')
        return false;
    const { mediaType, digest, size } = entry;
    return (typeof mediaType === 'string' && typeof digest === 'string' && isValidDigest(digest) && Number.isSafeInteger(size));
}
/**
 * The referrers tag index with `added` merged in: entries already there are kept as they are
 * (never dropped), new digests appended. Undefined when nothing is new.
 */
function mergeReferrersIndex(existing, added) {
    const kept = (existing && entriesOf(existing)) ?? [];
    const known = new Set(kept.filter(isDescriptor).map((entry) => entry.digest));
    const fresh = added.filter((entry) => !known.has(entry.digest) && known.add(entry.digest));
    if (fresh.length === 0)
        return undefined;
    const index = { schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: [...kept, ...fresh] };
    return Buffer.from(JSON.stringify(index));
}

;// CONCATENATED MODULE: ./src/oci/copy.ts









/**
 * Makes `manifest` exist in `destination` under its digest, byte for byte: the blobs of every
 * image (mounted within a registry, streamed across registries, only where missing), every child
 * of an index before the index, each manifest PUT by digest with the source's exact bytes and
 * media type. With `referrers`, what refers to the digest follows. Writes no tag of the image.
 */
async function copyImage(source, destination, manifest, options) {
    const copy = new ImageCopy(source, destination, options);
    await copy.manifest(manifest.digest, manifest);
    if (options.referrers)
        await Promise.all([copy.listedReferrers(manifest.digest), copy.cosign(manifest.digest)]);
    return copy.counts;
}
class ImageCopy {
    source;
    destination;
    counts = { mounted: 0, copied: 0, skipped: 0, bytes: 0, manifests: 0, referrers: 0 };
    from;
    to;
    /** One transfer per blob, however many images of the index share it. */
    blobs = new Map();
    gate;
    blobOptions;
    /** Whether the destination answered `OCI-Subject` to this copy's PUTs of manifests with a subject. */
    indexesSubjects;
    constructor(source, destination, options) {
        this.source = source;
        this.destination = destination;
        this.from = new RegistryClient(source.transport, source.repository, ['pull']);
        this.to = new RegistryClient(destination.transport, destination.repository, ['pull', 'push']);
        this.gate = limiter(options.concurrency ?? 4);
        this.blobOptions = { attempts: options.attempts ?? 3, sleep: options.sleep ?? defaultSleep };
    }
    /** Copies one manifest and what it names, unless the destination has it already; true when written. */
    async manifest(digest, known) {
        if (await this.to.headManifest(digest))
            return false;
        const manifest = known ?? (await this.from.getManifest(digest));
        if (!manifest)
            throw new RegistryError(`copying ${this.from.ref(digest)}: it is gone from the source`);
        await this.contents(manifest);
        await this.put(digest, manifest);
        return true;
    }
    /** The referrers the source lists (API, else the tag schema), and the destination's index of them. */
    async listedReferrers(subject) {
        const found = await listReferrers(this.source, this.from, subject);
        const written = await Promise.all(found.map((referrer) => this.manifest(referrer.digest)));
        this.counts.referrers += written.filter(Boolean).length;
        if (found.length === 0)
            return;
        const hasApi = this.indexesSubjects ?? (await askReferrersApi(this.destination, subject)) !== undefined;
        if (!hasApi)
            await this.mergeFallbackIndex(subject, found);
    }
    /** cosign's `sha256-<hex>.sig/.att/.sbom`: copied and tagged the same at the destination. */
    async cosign(subject) {
        await Promise.all(cosignTags(subject).map(async (tag) => {
            const found = await this.from.headManifest(tag);
            if (!found || (await this.to.headManifest(tag))?.digest === found.digest)
                return;
            const manifest = await this.from.getManifest(found.digest);
            if (!manifest)
                return;
            await this.contents(manifest);
            await this.put(tag, manifest);
            this.counts.referrers++;
        }));
    }
    /** A destination without the referrers API lists them under the tag schema: merged, never dropped. */
    async mergeFallbackIndex(subject, found) {
        const tag = referrersTag(subject);
        const bytes = mergeReferrersIndex((await this.to.getManifest(tag))?.bytes, found);
        if (!bytes)
            return;
        const digest = `sha256:${(0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex')}`;
        await this.put(tag, { bytes, mediaType: MEDIA_TYPES.ociIndex, digest });
    }
    async contents(manifest) {
        const { children, blobs } = partsOf(manifest, () => this.from.ref(manifest.digest));
        await Promise.all([...children.map((child) => this.manifest(child)), ...blobs.map((blob) => this.blob(blob))]);
    }
    blob(blob) {
        let pending = this.blobs.get(blob.digest);
        if (!pending) {
            pending = this.gate(() => transferBlob(this.source, this.destination, blob, this.blobOptions)).then((outcome) => {
                this.counts[outcome]++;
                if (outcome === 'copied')
                    this.counts.bytes += blob.size;
            });
            this.blobs.set(blob.digest, pending);
        }
        return pending;
    }
    /** PUTs the exact bytes; the digest the destination stored must be the source's. */
    async put(reference, manifest) {
        const answer = await this.to.putManifest(reference, manifest);
        const stored = answer.digest ?? (await this.to.headManifest(reference))?.digest;
        if (stored !== manifest.digest) {
            const what = stored === undefined ? 'nothing' : neutralise(stored, 80);
            throw new RegistryError(`pushing ${this.to.ref(reference)}: the registry stored ${what}, expected ${manifest.digest}`, {
                operation: 'push',
                registry: this.destination.repository.registry,
                reference
            });
        }
        this.counts.manifests++;
        if (hasSubject(manifest))
            this.indexesSubjects = answer.indexedSubject && (this.indexesSubjects ?? true);
    }
}
function partsOf(manifest, where) {
    const parsed = JSON.parse(Buffer.from(manifest.bytes).toString('utf8'));
    const invalid = () => {
        throw new RegistryError(`copying ${where()}: the manifest names something that is no valid descriptor`);
    };
    if (INDEX_TYPES.has(manifest.mediaType)) {
        const entries = Array.isArray(parsed.manifests) ? parsed.manifests : invalid();
        return { children: entries.map((entry) => (copy_isDescriptor(entry) ? entry.digest : invalid())), blobs: [] };
    }
    const layers = Array.isArray(parsed.layers) ? parsed.layers : [];
    const blobs = [parsed.config, ...layers]
        .map((entry) => (copy_isDescriptor(entry) ? entry : invalid()))
        .filter((entry) => !/foreign|nondistributable/.test(entry.mediaType))
        .map(({ digest, size }) => ({ digest, size }));
    return { children: [], blobs };
}
function copy_isDescriptor(entry) {
    if (!entry || typeof entry !== 'object')
        return false;
    const { digest, size, mediaType } = entry;
    const sized = Number.isSafeInteger(size) && size >= 0;
    return typeof digest === 'string' && isValidDigest(digest) && sized && typeof mediaType === 'string';
}
function hasSubject(manifest) {
    try {
        const { subject } = JSON.parse(Buffer.from(manifest.bytes).toString('utf8'));
        return typeof subject === 'object' && subject !== null;
    }
    catch {
        return false;
    }
}
function defaultSleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

;// CONCATENATED MODULE: ./src/engines/image-facts.ts





const BASE_NAME = 'org.opencontainers.image.base.name';
const BASE_DIGEST = 'org.opencontainers.image.base.digest';
const CREATED_ANNOTATION = 'org.opencontainers.image.created';
/** The config media types of container images; any other config belongs to an artifact. */
const IMAGE_CONFIG_TYPES = new Set([
    'application/vnd.oci.image.config.v1+json',
    'application/vnd.docker.container.image.v1+json'
]);
const IMAGE_MANIFEST_TYPES = new Set([MEDIA_TYPES.ociManifest, MEDIA_TYPES.dockerManifest]);
/**
 * Reads what the reuse checks need, and no more. The index, its entries and a single manifest are
 * in hand already. An index whose image entries name their platform costs no request unless a
 * check needs what only the images record: the revisions (each image's manifest and config, one
 * round in parallel), a base or a creation time that neither the index nor the entry records (the
 * manifest; the config only for a creation time the manifest lacks). A single manifest costs its
 * config when the platforms, the revisions or a creation time its annotations lack are asked for.
 */
async function readImageFacts(client, image, request) {
    const wanted = { readPlatforms: true, readBases: false, readCreated: false, ...request };
    const reader = new FactsReader(client, client.ref(image.tag), wanted);
    const top = reader.parse(image.manifest.bytes, 'the manifest');
    if (!INDEX_TYPES.has(image.mediaType)) {
        const single = await reader.image(top, {});
        return factsOf(wanted, single ? [single] : [], { revisions: [], bases: [] });
    }
    const own = annotated(top.annotations, {});
    const entries = (Array.isArray(top.manifests) ? top.manifests : []).filter(isImageEntry);
    const images = await Promise.all(entries.map((entry) => reader.entry(entry, own)));
    return factsOf(wanted, images.flatMap((one) => (one ? [one] : [])), own);
}
/** The facts of the images, after what the index itself records; only what was asked for. */
function factsOf(wanted, images, index) {
    const facts = {
        platforms: images.flatMap((one) => (one.platform ? [one.platform] : [])),
        revisions: [...index.revisions, ...images.flatMap((one) => one.revisions)]
    };
    if (wanted.readBases)
        facts.bases = [...index.bases, ...images.flatMap((one) => one.bases)];
    // the index's own time stands for all of its images; else each image's time counts
    if (wanted.readCreated)
        facts.created = index.created !== undefined ? [index.created] : images.map((i) => i.created);
    return facts;
}
/** What an annotation (or label) map records; `platform` is that of the image it describes. */
function annotated(map, at) {
    const base = baseIn(map);
    return {
        revisions: revisionsIn(map),
        bases: base ? [{ ...base, platform: at.platform }] : [],
        created: stringIn(map, CREATED_ANNOTATION)
    };
}
class FactsReader {
    client;
    ref;
    wanted;
    constructor(client, 
    /** The commit image, as messages name it. */
    ref, wanted) {
        this.client = client;
        this.ref = ref;
        this.wanted = wanted;
    }
    /** An index entry: what its descriptor says, and, where needed, what its manifest and config say. */
    async entry(entry, index) {
        const platform = platformOf(entry.platform);
        const claimed = annotated(entry.annotations, { platform });
        const { readRevisions, readPlatforms, readBases, readCreated } = this.wanted;
        const needsManifest = readRevisions ||
            (readPlatforms && !platform) ||
            (readBases && index.bases.length === 0 && claimed.bases.length === 0) ||
            (readCreated && index.created === undefined && claimed.created === undefined);
        if (!needsManifest)
            return { platform, ...claimed };
        const digest = this.digestIn(entry);
        const manifest = await this.client.getManifest(digest);
        if (!manifest)
            throw new RegistryError(`${this.ref} lists ${digest}, which the registry does not have`);
        const known = { platform, created: index.created ?? claimed.created };
        const read = await this.image(this.parse(manifest.bytes, `the manifest ${digest}`), known);
        // its own manifest may still say it is no image (an artifact listed without artifactType)
        return (read && {
            platform: platform ?? read.platform,
            revisions: [...claimed.revisions, ...read.revisions],
            bases: [...claimed.bases, ...read.bases],
            created: claimed.created ?? read.created
        });
    }
    /**
     * An image manifest: its annotations, and its config where a check needs it; undefined when it
     * is no image. `known` is what the index already says of it.
     */
    async image(manifest, known) {
        const config = manifest.config;
        if (manifest.artifactType !== undefined || !config || !isImageConfig(config.mediaType))
            return undefined;
        const own = annotated(manifest.annotations, { platform: known.platform });
        const { readRevisions, readPlatforms, readCreated } = this.wanted;
        const created = known.created ?? own.created;
        const needsConfig = readRevisions || (readPlatforms && !known.platform) || (readCreated && created === undefined);
        if (!needsConfig)
            return { platform: known.platform, ...own };
        const json = await this.config(config);
        const platform = known.platform ?? platformOf(json);
        return {
            platform,
            revisions: [...own.revisions, ...revisionsIn(json.config?.Labels)],
            bases: own.bases.map((base) => ({ ...base, platform: base.platform ?? platform })),
            created: own.created ?? stringIn(json, 'created')
        };
    }
    parse(bytes, what) {
        const text = Buffer.from(bytes).toString('utf8');
        try {
            const value = JSON.parse(text);
            if (typeof value === 'object' && value !== null && !Array.isArray(value))
                return value;
        }
        catch {
            // said below, in words
        }
        throw new RegistryError(`${what} of ${this.ref} is not a JSON object; it begins "${neutralise(text, 40)}"`);
    }
    async config(descriptor) {
        const digest = this.digestIn(descriptor);
        try {
            const config = await this.client.getJsonBlob(digest);
            if (typeof config === 'object' && config !== null && !Array.isArray(config))
                return config;
        }
        catch (error) {
            if (!(error instanceof SyntaxError))
                throw error;
        }
        // the parser's own message quotes the bytes (NULs and all): say what happened instead
        const type = neutralise(String(descriptor.mediaType), 100);
        throw new RegistryError(`the image config ${digest} (${type}) of ${this.ref} is not a JSON object`);
    }
    /** A digest from the registry's JSON goes into a request path: only a well-formed one does. */
    digestIn(descriptor) {
        const { digest } = descriptor;
        if (typeof digest === 'string' && isValidDigest(digest))
            return digest;
        throw new RegistryError(`${this.ref} names a manifest or config by an invalid digest: ${neutralise(String(digest), 80)}`);
    }
}
/** An index entry that may be an image: none of an artifact's marks, nor a nested index. */
function isImageEntry(entry) {
    if (typeof entry !== 'object' || entry === null || entry.artifactType !== undefined)
        return false;
    // buildx attestations are listed on platform unknown/unknown
    if (entry.platform?.os === 'unknown')
        return false;
    return entry.mediaType === undefined || IMAGE_MANIFEST_TYPES.has(String(entry.mediaType));
}
/** Docker schema 2 configs and some old OCI tools leave the config's media type out: an image then. */
function isImageConfig(mediaType) {
    return mediaType === undefined || IMAGE_CONFIG_TYPES.has(String(mediaType));
}
function platformOf(p) {
    if (!p || typeof p.os !== 'string' || !p.os)
        return undefined;
    const part = (value) => (typeof value === 'string' && value ? value : undefined);
    return [p.os, part(p.architecture) ?? 'unknown', part(p.variant)].filter(Boolean).join('/');
}
/**
 * The revision a label or annotation map claims. An empty one claims nothing (a build that had no
 * commit at hand); a value that is no string claims no commit either, so it is taken as another.
 */
function revisionsIn(map) {
    if (typeof map !== 'object' || map === null || !Object.hasOwn(map, REVISION_LABEL))
        return [];
    const value = map[REVISION_LABEL];
    if (value === null || value === undefined || (typeof value === 'string' && value.trim() === ''))
        return [];
    return [typeof value === 'string' ? value : JSON.stringify(value)];
}
/** A string value of a map, as recorded; undefined when absent, empty or not a string. */
function stringIn(map, key) {
    if (typeof map !== 'object' || map === null || !Object.hasOwn(map, key))
        return undefined;
    const value = map[key];
    return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
/** The base an annotation map records: a name or a digest is enough to say one is recorded. */
function baseIn(map) {
    const [name, digest] = [stringIn(map, BASE_NAME), stringIn(map, BASE_DIGEST)];
    if (name === undefined && digest === undefined)
        return undefined;
    return { name: name ?? '', digest: digest ?? '' };
}

;// CONCATENATED MODULE: ./src/engines/registry.ts







/**
 * Re-tags through the OCI distribution API: one GET of the commit manifest, then one PUT of the
 * same bytes per tag. No blob is read or written by a re-tag, so the digest is preserved and a
 * multi-arch index stays whole.
 */
class RegistryEngine {
    transportFor;
    mayWrite;
    name = 'registry';
    constructor(transportFor, 
    /** Whether this run may write: tokens are then asked for pull and push at once. */
    mayWrite) {
        this.transportFor = transportFor;
        this.mayWrite = mayWrite;
    }
    async find(repository, tag) {
        const manifest = await this.client(repository).getManifest(tag);
        return (manifest && {
            repository,
            tag,
            digest: manifest.digest,
            mediaType: manifest.mediaType,
            manifest,
            engine: this.name
        });
    }
    resolve(repository, tags) {
        const client = this.client(repository);
        return Promise.all(tags.map(async (tag) => (await client.headManifest(tag))?.digest));
    }
    listTags(repository, after) {
        return this.client(repository).listTags(undefined, { after });
    }
    /** What the reuse checks asked for: see image-facts.ts for what is read, and when. */
    async facts(image, read) {
        const manifest = await this.bytesOf(image);
        return readImageFacts(this.client(image.repository), { tag: image.tag, mediaType: image.mediaType, manifest }, read);
    }
    /** Writes the tags in `destination` (default: the image's own repository), after `copy` there. */
    async retag(image, groups, destination = image.repository) {
        const client = this.client(destination);
        const { digest } = image;
        const manifest = await this.bytesOf(image);
        const put = async (tag) => {
            // a registry that omits Docker-Content-Digest is asked what it stored
            const stored = (await client.putManifest(tag, manifest)).digest ?? (await client.headManifest(tag))?.digest;
            if (stored === digest)
                return;
            if (stored === undefined)
                throw new RegistryError(`pushing ${client.ref(tag)}: the registry accepted the write but has no such tag`);
            // something is stored under the tag now: say what, and never treat it as "nothing written"
            throw new TagMismatchError(`pushing ${client.ref(tag)}: the registry stored ${neutralise(stored, 80)} under ${tag}, expected ${digest}`);
        };
        const written = [];
        for (const group of groups) {
            const outcomes = await Promise.allSettled(group.map(put));
            written.push(...group.filter((_, i) => outcomes[i].status === 'fulfilled').map((tag) => client.ref(tag)));
            const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
            if (failures.length === 0)
                continue;
            // a tag that now holds something else says more than any other failure of the group
            const failure = failures.find((e) => e instanceof TagMismatchError) ?? failures[0];
            if (written.length > 0)
                throw new PartialRetagError(explain(failure), written);
            throw failure;
        }
        return this.name;
    }
    /**
     * Makes the image exist in `destination` by digest: see oci/copy.ts. Its own repository has it
     * already, and so has its referrers.
     */
    async copy(image, destination, options) {
        const zero = { mounted: 0, copied: 0, skipped: 0, bytes: 0, manifests: 0, referrers: 0 };
        const { registry, path } = image.repository;
        if (destination.registry === registry && destination.path === path)
            return zero;
        const manifest = await this.bytesOf(image);
        const side = (repository) => ({ transport: this.transportFor(repository.registry), repository });
        return copyImage(side(image.repository), side(destination), manifest, options);
    }
    /** The manifest bytes; read by digest when another engine found the image. */
    async bytesOf(image) {
        if (image.manifest)
            return image.manifest;
        const manifest = await this.client(image.repository).getManifest(image.digest);
        if (!manifest)
            throw new RegistryError(`${image.digest} of ${image.tag} is gone from the registry`);
        return manifest;
    }
    client(repository) {
        return new RegistryClient(this.transportFor(repository.registry), repository, this.mayWrite ? ['pull', 'push'] : ['pull']);
    }
}

// EXTERNAL MODULE: ./src/oci/direct.ts + 2 modules
var oci_direct = __nccwpck_require__(7410);
;// CONCATENATED MODULE: ./src/oci/proxy.ts


function proxySettingsFrom(env) {
    const pick = (name) => env[name.toLowerCase()] || env[name.toUpperCase()] || undefined;
    return {
        httpProxy: pick('http_proxy'),
        httpsProxy: pick('https_proxy'),
        noProxy: (pick('no_proxy') ?? '')
            .split(/[\s,]+/)
            .map((entry) => entry.trim().toLowerCase())
            .filter(Boolean)
    };
}
/**
 * The proxy for a URL, or undefined to connect directly: HTTPS through HTTPS_PROXY, HTTP through
 * HTTP_PROXY (as Go and docker do), unless NO_PROXY names the host, a parent domain or its network.
 */
function proxyFor(url, settings) {
    const proxy = url.protocol === 'https:' ? settings.httpsProxy : settings.httpProxy;
    if (!proxy)
        return undefined;
    const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    for (const entry of settings.noProxy) {
        if (entry === '*')
            return undefined;
        if (entry.includes('/')) {
            if (inNetwork(host, entry))
                return undefined;
            continue;
        }
        const [entryHost, entryPort] = splitHostPort(entry);
        if (entryPort && entryPort !== port)
            continue;
        const bare = entryHost.replace(/^\*?\./, '');
        if (host === bare || host.endsWith(`.${bare}`))
            return undefined;
    }
    return proxy;
}
/** Whether an IP address is inside a CIDR network (`10.0.0.0/8`); names never are. */
function inNetwork(host, cidr) {
    const match = /^([^/]+)\/(\d{1,3})$/.exec(cidr);
    if (!match)
        return false; // a malformed entry matches nothing
    const [, network, bits] = match;
    const family = (0,external_node_net_.isIP)(network);
    if (!family || (0,external_node_net_.isIP)(host) !== family)
        return false;
    const type = family === 4 ? 'ipv4' : 'ipv6';
    const list = new external_node_net_.BlockList();
    try {
        list.addSubnet(network, Number(bits), type);
    }
    catch {
        return false; // a malformed entry matches nothing
    }
    return list.check(host, type);
}
/** `host`, `host:port`, `[::1]:port`, or a bare IPv6 address (colons but no port). */
function splitHostPort(entry) {
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
    if (bracketed)
        return [bracketed[1], bracketed[2]];
    const colon = entry.indexOf(':');
    if (colon < 0 || colon !== entry.lastIndexOf(':'))
        return [entry, undefined];
    return [entry.slice(0, colon), entry.slice(colon + 1)];
}
/**
 * Requests straight to the registry over kept-alive connections, or through the proxy the
 * environment names for the URL. undici, which speaks to proxies, is loaded only when one is used.
 */
function proxiedFetch(settings) {
    const direct = (0,oci_direct/* directFetch */.g)();
    let viaProxy;
    return async (input, init) => {
        const url = new URL(input);
        const proxy = proxyFor(url, settings);
        if (!proxy)
            return direct(url, init);
        viaProxy ??= Promise.all(/* import() */[__nccwpck_require__.e(752), __nccwpck_require__.e(605)]).then(__nccwpck_require__.bind(__nccwpck_require__, 6605)).then(({ proxyAgentFetch }) => proxyAgentFetch());
        return (await viaProxy)(proxy, url, init);
    };
}

;// CONCATENATED MODULE: ./src/oci/http.ts

/** Manifests are at most a few MiB (the spec suggests 4); refuse to buffer anything larger. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;
const MAX_REDIRECTS = 5;
/** Plain HTTP: a timeout per request, redirects followed by hand so credentials never change host. */
function httpLayer(fetchImpl, timeoutMs, options = {}) {
    const { debug, now = Date.now } = options;
    return async (request) => {
        let url = new URL(request.url);
        let headers = request.headers;
        const started = now();
        const deadline = deadlineFor(request, timeoutMs);
        for (let hop = 0;; hop++) {
            let response;
            try {
                response = await fetchImpl(url, initFor(request, headers, deadline));
            }
            catch (error) {
                deadline.clear();
                debug?.(`${request.method} ${where(url)} -> network error after ${now() - started} ms`);
                throw networkError({ method: request.method, url, timeoutMs }, error, 'answer');
            }
            const next = redirectTarget(response, url, hop);
            if (next) {
                await response.body?.cancel();
                if (request.stream)
                    throw new RegistryError(`${request.method} ${where(url)}: refusing to follow a redirect with a streamed body`);
                headers = headersFor(next, url, request, headers);
                url = next;
                continue;
            }
            debug?.(`${request.method} ${where(url)} -> ${response.status} (${now() - started} ms)`);
            const exchange = { method: request.method, url, timeoutMs };
            if (request.streamAnswer && response.ok && response.body) {
                const stream = response.body.pipeThrough(touching(deadline));
                return { url: url.href, status: response.status, headers: response.headers, body: new Uint8Array(), stream };
            }
            try {
                const body = await readBody(response, exchange);
                return { url: url.href, status: response.status, headers: response.headers, body };
            }
            finally {
                deadline.clear();
            }
        }
    };
}
function deadlineFor(request, timeoutMs) {
    if (!request.stream && !request.streamAnswer) {
        return { signal: AbortSignal.timeout(timeoutMs), touch: () => { }, clear: () => { } };
    }
    const controller = new AbortController();
    const expire = () => controller.abort(new DOMException('no byte moved in time', 'TimeoutError'));
    let timer = setTimeout(expire, timeoutMs).unref();
    return {
        signal: controller.signal,
        touch: () => {
            clearTimeout(timer);
            timer = setTimeout(expire, timeoutMs).unref();
        },
        clear: () => clearTimeout(timer)
    };
}
function initFor(request, headers, deadline) {
    const init = { method: request.method, headers, redirect: 'manual', signal: deadline.signal };
    if (request.stream) {
        const { length, chunks } = request.stream;
        return {
            ...init,
            headers: { ...headers, 'content-length': String(length) },
            body: sent(chunks, deadline),
            duplex: 'half'
        };
    }
    return { ...init, body: request.body };
}
/** The chunks of a streamed body, each restarting the idle clock as it goes out. */
async function* sent(chunks, deadline) {
    for await (const chunk of chunks) {
        deadline.touch();
        yield chunk;
    }
    deadline.touch(); // the registry now verifies and stores the blob: it gets a full period for that
}
/** Passes a streamed answer through, restarting the idle clock with every chunk. */
function touching(deadline) {
    return new TransformStream({
        transform(chunk, controller) {
            deadline.touch();
            controller.enqueue(chunk);
        },
        flush: () => deadline.clear()
    });
}
function redirectTarget(response, url, hop) {
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location || hop >= MAX_REDIRECTS)
        return undefined;
    return new URL(location, url);
}
/** The headers for the next hop of a redirect; across origins they lose the credentials. */
function headersFor(next, url, request, headers) {
    if (next.origin === url.origin)
        return headers;
    // a form with a refresh token must not follow a redirect anywhere
    if (request.body || request.stream) {
        const refusal = `refusing to follow a redirect to ${next.origin} with a request body`;
        throw new RegistryError(`${request.method} ${where(url)}: ${refusal}`);
    }
    // a redirect to blob storage, or down to plain HTTP, must not carry the registry's credentials
    const { authorization: _dropped, ...rest } = headers;
    return rest;
}
/** Origin and path: query strings of redirects (signed blob URLs) stay out of logs and errors. */
function where(url) {
    return `${url.origin}${url.pathname}`;
}
/** The whole body, up to MAX_BODY_BYTES whether or not the server says how long it is. */
async function readBody(response, exchange) {
    const { method, url } = exchange;
    const tooLarge = () => new RegistryError(`${method} ${where(url)}: the response is larger than any manifest (${MAX_BODY_BYTES} bytes)`, {
        status: response.status
    });
    if (Number(response.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) {
        await response.body?.cancel();
        throw tooLarge();
    }
    const chunks = [];
    let size = 0;
    try {
        for await (const chunk of response.body ?? []) {
            size += chunk.byteLength;
            if (size > MAX_BODY_BYTES)
                throw tooLarge(); // leaving the loop cancels the stream
            chunks.push(chunk);
        }
    }
    catch (error) {
        if (error instanceof RegistryError)
            throw error;
        throw networkError(exchange, error, 'body');
    }
    return Buffer.concat(chunks);
}
/** Network failures, said plainly; a name that does not resolve will not resolve on a retry. */
function networkError(failed, error, stage) {
    const { method, url, timeoutMs } = failed;
    // fetch wraps the system error in `cause`; undici's dispatchers throw it as it is
    const failure = error;
    const code = failure.cause?.code ?? (typeof failure.code === 'string' ? failure.code : undefined);
    const request = `${method} ${where(url)}`;
    if (failure.name === 'TimeoutError' || failure.name === 'AbortError') {
        const what = stage === 'body' ? 'the answer began but its body did not arrive in full' : 'no answer';
        return new RegistryError(`${request}: ${what} within ${timeoutMs} ms`, { temporary: true, cause: error });
    }
    if (code === 'ENOTFOUND') {
        return new RegistryError(`${request}: could not resolve host ${url.hostname} (ENOTFOUND)`, { cause: error });
    }
    // undici's own codes (UND_ERR_SOCKET) say less than their messages ("other side closed")
    const known = code && !code.startsWith('UND_ERR') ? code : undefined;
    const what = known ?? failure.cause?.message ?? failure.message ?? String(error);
    return new RegistryError(`${request}: ${what}`, { temporary: true, cause: error });
}

;// CONCATENATED MODULE: ./src/oci/transport.ts






/**
 * The HTTP pipeline to one registry, outside in: user agent -> retry -> auth -> HTTP.
 * Every layer is a plain function over `Send`, so each can be tested alone.
 */
class Transport {
    baseUrl;
    send;
    /** Every secret this transport holds or obtained: scrubbed from registry text before it is quoted. */
    secrets = new Set();
    constructor(options) {
        const insecure = options.insecure || isLoopback(options.registry);
        const host = apiHost(options.registry);
        this.baseUrl = `${insecure ? 'http' : 'https'}://${host}`;
        const { debug, now = Date.now, sleep = transport_defaultSleep } = options;
        for (const secret of options.credential ? secretsOf(options.credential) : [])
            this.secrets.add(secret);
        const fetch = options.fetch ?? proxiedFetch(proxySettingsFrom(options.env ?? process.env));
        const http = httpLayer(fetch, options.timeoutMs ?? 30_000, { debug, now });
        const authenticator = new Authenticator({
            registry: options.registry,
            credential: options.credential,
            plainHttp: (other) => isLoopback(other) || (insecure && other === host) || (options.plainHttp?.(other) ?? false),
            clientId: options.clientId,
            unauthenticated: http,
            onSecret: (token) => {
                this.secrets.add(token);
                options.onSecret?.(token);
            }
        });
        const auth = (request) => authenticator.send(request, http);
        const retry = retryLayer(auth, options.retry ?? DEFAULT_RETRY, { sleep, now, debug });
        this.send = userAgentLayer(retry, options.userAgent);
    }
    /**
     * Text this registry sent, fit to quote in a message: the secrets it may echo replaced first
     * (before the cap could cut one into an unrecognisable prefix), then neutralised.
     */
    quote(text, max) {
        let scrubbed = text;
        for (const secret of this.secrets)
            if (secret)
                scrubbed = scrubbed.split(secret).join('***');
        return neutralise(scrubbed, max);
    }
    request(request) {
        const { path, headers = {}, ...rest } = request;
        return this.send({ ...rest, url: this.baseUrl + path, headers });
    }
}
/** Names the client on every registry request; token requests go straight to the HTTP layer, without it. */
function userAgentLayer(next, userAgent) {
    if (!userAgent)
        return next;
    return (request) => next({ ...request, headers: { 'user-agent': userAgent, ...request.headers } });
}
function transport_defaultSleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

;// CONCATENATED MODULE: ./src/version.ts
/** The action's version, sent in the User-Agent (a test keeps it equal to package.json's). */
const VERSION = '1.0.0';

;// CONCATENATED MODULE: ./src/wiring.ts













/** An hour: longer than any request or retry budget should take, far below setTimeout's 2^31 - 1 ms. */
const HOUR_MS = 3_600_000;
/**
 * Network tuning for unusual networks and for tests: timeouts and retry bounds from the
 * environment, each a decimal whole number within its range (an error names the variable).
 */
function networkSettingsFromEnv(env) {
    const number = (name, fallback, min, max) => wholeNumber(name, env[name] ?? '', { fallback, min, max });
    // unset: the transport's own default
    const timeoutMs = env.IMAGE_RETAG_TIMEOUT_MS?.trim() ? number('IMAGE_RETAG_TIMEOUT_MS', 0, 100, HOUR_MS) : undefined;
    const attempts = number('IMAGE_RETAG_RETRY_ATTEMPTS', DEFAULT_RETRY.attempts, 1, 100);
    const totalMs = number('IMAGE_RETAG_RETRY_TOTAL_MS', DEFAULT_RETRY.totalMs, 0, HOUR_MS);
    return { timeoutMs, retry: { ...DEFAULT_RETRY, attempts, totalMs } };
}
/** The registries of every app's image and of every destination, each once. */
function registriesOf(plans) {
    return {
        images: [...new Set(plans.map((p) => p.repository.registry))],
        destinations: [...new Set(plans.flatMap((p) => p.destinations.map((d) => d.registry)))]
    };
}
/**
 * The credential of each registry: for the image registry the username/password inputs first;
 * then docker's config.json and its helpers (one docker/login-action per registry); else for
 * ghcr.io the github-token. Every secret in it is masked.
 */
async function findCredentials(registries, explicit, host, env) {
    const credentials = new Map();
    const fromConfig = { dockerConfigDir: defaultDockerConfigDir(env), warn: host.log.warning };
    const imageSources = { ...fromConfig, username: explicit.username, password: explicit.password };
    for (const registry of new Set([...registries.images, ...registries.destinations])) {
        const sources = registries.images.includes(registry) ? imageSources : fromConfig;
        const found = (await findCredential(registry, sources)) ?? githubTokenFor(registry, explicit.githubToken);
        if (found) {
            for (const secret of secretsOf(found.credential))
                host.setSecret(secret);
            host.log.info(`Using credentials for ${registry} from ${found.source}`);
        }
        credentials.set(registry, found);
    }
    return credentials;
}
function githubTokenFor(registry, token) {
    if (registry !== 'ghcr.io' || !token)
        return undefined;
    // GHCR accepts any user name with a token as the password
    return {
        credential: { kind: 'basic', username: 'x-access-token', password: token },
        source: 'github-token',
        fromDockerConfig: false
    };
}
/**
 * The engine the `engine` input asks for. One transport per registry (images and destinations
 * alike): one connection pool and one token cache shared by all its apps. The docker CLI gets the explicit credentials through
 * a private DOCKER_CONFIG, otherwise it uses its own login.
 */
async function createEngines(config, credentials, context) {
    const { host } = context;
    const insecure = (registry) => isLoopback(registry) || config.insecureRegistries.includes(registry);
    const transports = new Map();
    for (const [registry, found] of credentials) {
        transports.set(registry, transportFor(registry, found, insecure, context));
    }
    const registryEngine = new RegistryEngine((registry) => transports.get(registry), !config.release.dryRun);
    const bases = config.release.rebuildIfBaseChanged
        ? new BaseImages(baseTransports(transports, config, (registry, found) => transportFor(registry, found, insecure, context), context))
        : undefined;
    if (config.engine === 'registry')
        return { engine: registryEngine, bases, cleanup: async () => { } };
    const { env, cleanup } = await dockerEnvironment(credentials, context.env);
    const docker = new DockerEngine((context.docker ?? dockerCli)(env), {
        insecure,
        reader: registryEngine,
        warn: host.log.warning
    });
    if (config.engine === 'auto')
        return { engine: new FallbackEngine(registryEngine, docker, host.log.warning), bases, cleanup };
    // a fresh build is tagged through the registry API where the docker CLI cannot write
    return { engine: docker, buildTagger: new FallbackEngine(docker, registryEngine, host.log.warning), bases, cleanup };
}
/**
 * The transport of each base registry, made when a base first needs it. A registry the release
 * already speaks to keeps its transport; any other gets its own credential the way docker finds
 * one (config.json, helpers; the github-token for ghcr.io), or none: the username/password inputs
 * belong to the release's registries and never go to a base's.
 */
function baseTransports(known, config, make, context) {
    const made = new Map();
    const { host, env } = context;
    const create = async (registry) => {
        const sources = { dockerConfigDir: defaultDockerConfigDir(env), warn: host.log.warning };
        const found = (await findCredential(registry, sources)) ?? githubTokenFor(registry, config.credentials.githubToken);
        if (found) {
            for (const secret of secretsOf(found.credential))
                host.setSecret(secret);
            host.log.info(`Using credentials for ${registry} (a base image's registry) from ${found.source}`);
        }
        return make(registry, found);
    };
    return (registry) => {
        const transport = known.get(registry);
        if (transport)
            return Promise.resolve(transport);
        if (!made.has(registry))
            made.set(registry, create(registry));
        return made.get(registry);
    };
}
function transportFor(registry, found, insecure, context) {
    const { env, host, network } = context;
    return new Transport({
        registry,
        credential: found?.credential,
        insecure: insecure(registry),
        plainHttp: insecure,
        clientId: 'image-retag-action',
        fetch: proxiedFetch(proxySettingsFrom(env)),
        userAgent: `image-retag-action/${VERSION}`,
        ...network,
        onSecret: host.setSecret,
        debug: host.log.debug
    });
}
/** The docker CLI's environment: credentials docker would not find itself go into a private config. */
async function dockerEnvironment(credentials, env) {
    const handOver = new Map([...credentials].flatMap(([registry, found]) => found && !found.fromDockerConfig ? [[registry, found.credential]] : []));
    if (handOver.size === 0)
        return { env, cleanup: async () => { } };
    const config = await privateDockerConfig(defaultDockerConfigDir(env), handOver, env.RUNNER_TEMP || undefined);
    return { env: { ...env, DOCKER_CONFIG: config.dir }, cleanup: config.cleanup };
}

;// CONCATENATED MODULE: ./src/release-all.ts




/**
 * Releases every app of the config: credentials of every registry (images and destinations), engine, then each app (`concurrency` at once,
 * builds one at a time). Shared by the action and the CLI, which hand in their environment.
 */
async function releaseAll(config, host, env) {
    const { plans } = config;
    const network = networkSettingsFromEnv(env); // validated before any request
    const credentials = await findCredentials(registriesOf(plans), config.credentials, host, env);
    const { engine, buildTagger, bases, cleanup } = await createEngines(config, credentials, { env, host, network });
    const build = oneAtATime((plan) => runBuild(plan, config.buildCommand, host.runner));
    try {
        return await mapLimit(plans, config.concurrency, (plan) => host.appGroup(plan, plans.length > 1, (log) => releaseApp(plan, config.release, { engine, buildTagger, bases, log, build })));
    }
    finally {
        await cleanup();
    }
}

;// CONCATENATED MODULE: ./src/report.ts
/**
 * Every secret the run was given or obtained (passwords, their base64 `user:pass` form, tokens):
 * the runner masks them in the log, this takes them out of everything else that leaves the run.
 */
class Redactor {
    secrets = new Set();
    add(secret) {
        if (secret)
            this.secrets.add(secret);
    }
    redact(text) {
        // longest first: a secret that contains another goes as a whole
        const secrets = [...this.secrets].sort((a, b) => b.length - a.length);
        return secrets.reduce((out, secret) => out.split(secret).join('***'), text);
    }
}
/** Control characters (the newline is let through), line and paragraph separators, bidirectional overrides. */
const UNSAFE_CHARACTER = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;
/**
 * Makes text safe to print where a GitHub runner reads workflow commands, whatever it holds (a
 * registry's error message, an image label): control characters are escaped (`\u001b`), a line
 * whose first non-blank characters are `::` gets a backslash before them, and `##[` (the older
 * command syntax, found anywhere in a line) becomes `##\[`. Newlines stay: messages may have several
 * lines, none of which can then start a command.
 */
function guardText(text) {
    return text
        .replace(UNSAFE_CHARACTER, (c) => (c === '\n' ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`))
        .replace(/^([^\S\n]*)::/gm, '$1\\::')
        .replaceAll('##[', '##\\[');
}
/** What every log line, output, summary cell and CLI line goes through: secrets out, then guarded. */
function outgoing(redactor) {
    return (text) => guardText(redactor.redact(text));
}
/** The same value with `clean` applied to every string in it (results before they become outputs). */
function cleanStrings(value, clean) {
    const walk = (v) => {
        if (typeof v === 'string')
            return clean(v);
        if (Array.isArray(v))
            return v.map(walk);
        if (v !== null && typeof v === 'object')
            return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
        return v;
    };
    return walk(value);
}
/**
 * User strings go into the HTML table of the job summary: HTML and Markdown characters become
 * entities, and a newline becomes `<br>`, so a cell can neither add markup nor end the table
 * (a blank line would end the HTML block and start Markdown).
 */
function escapeHtml(text) {
    return text.replace(/[&<>"'`*_[\]|~\\]/g, (c) => `&#${c.charCodeAt(0)};`).replace(/\r?\n/g, '<br>');
}
const PATH_LABEL = {
    retag: '♻️ retag',
    build: '🔨 build',
    defer: '⏭️ deferred',
    fail: '❌ fail'
};
/** core.summary leaves an empty cell unclosed: put a dash in it. */
const EMPTY = '–';
/** The job summary table: one row per destination of each app (one row for an app that got no further). */
function summaryTable(results) {
    const withChecks = results.some((r) => r.checks !== undefined);
    const names = [
        'App',
        'Path',
        'Digest',
        'Repository',
        'Tags',
        'Moving tags',
        'Reason',
        ...(withChecks ? ['Checks'] : [])
    ];
    const header = [...names, 'Time'].map((data) => ({ data, header: true }));
    const rows = results.flatMap((r) => {
        const destinations = r.destinations ?? [];
        if (destinations.length === 0)
            return [summaryRow(r, { repository: r.image, ...r }, withChecks)];
        return destinations.map((d) => summaryRow(r, { ...d, copied: copyNote(d), reason: d.error }, withChecks));
    });
    return [header, ...rows];
}
function summaryRow(r, facts, withChecks) {
    const repository = `<code>${escapeHtml(facts.repository)}</code>${facts.copied ? `<br>${escapeHtml(facts.copied)}` : ''}`;
    const reason = facts.reason ?? r.reason;
    // latest and the floating tags: where each went, or why it was left alone
    const moving = [facts.latest ?? r.latest, ...(facts.floating ?? r.floating ?? [])].filter(Boolean).join('\n');
    return [
        escapeHtml(r.app),
        PATH_LABEL[r.path],
        r.digest ? `<code>${escapeHtml(r.digest.slice(0, 19))}…</code>` : EMPTY,
        repository,
        facts.tags.map((t) => `<code>${escapeHtml(t)}</code>${tagNote(r.dryRun, facts.written, t)}`).join('<br>') || EMPTY,
        moving ? escapeHtml(moving) : EMPTY,
        reason ? escapeHtml(reason) : EMPTY,
        ...(withChecks ? [checksCell(r)] : []),
        r.durationMs < 1000 ? `${r.durationMs} ms` : `${(r.durationMs / 1000).toFixed(1)} s`
    ];
}
/** `2 mounted, 3 copied (4.2 MB), 1 already there, 1 referrer`; nothing for a destination nothing was copied to. */
function copyNote(d) {
    const { mounted, copied, skipped } = d.blobs;
    if (mounted + copied + skipped + d.referrers === 0)
        return undefined;
    const size = d.bytes >= 1e6 ? `${(d.bytes / 1e6).toFixed(1)} MB` : `${d.bytes} bytes`;
    const referrers = d.referrers === 1 ? '1 referrer' : `${d.referrers} referrers`;
    return `blobs: ${mounted} mounted, ${copied} copied (${size}), ${skipped} already there; ${referrers}`;
}
/** One line per reuse check: its input, what it came to and what it found. */
function checksCell(result) {
    const lines = (result.checks ?? []).map((c) => `${escapeHtml(c.check)}: ${c.outcome} (${escapeHtml(c.detail)})`);
    return lines.join('<br>') || EMPTY;
}
function tagNote(dryRun, written, tag) {
    if (!written.includes(tag))
        return '';
    return dryRun ? ' (would write)' : ' (new)';
}
/** The `path` output: the one path every app took, else `fail` when any failed, else `mixed`. */
function overallPath(results) {
    const paths = new Set(results.map((r) => r.path));
    if (paths.size === 1)
        return results[0].path;
    return paths.has('fail') ? 'fail' : 'mixed';
}
/** The step's failure message: every failed app and why. */
function failureMessage(results) {
    const failed = results.filter((r) => r.path === 'fail');
    if (failed.length === 0)
        return undefined;
    const list = failed.map((r) => `${r.app}: ${r.reason}`).join('\n');
    return results.length === 1 ? list : `${failed.length} of ${results.length} apps failed:\n${list}`;
}

;// CONCATENATED MODULE: ./src/cli/main.ts
// image-retag: the action's core as a command for other CI systems and laptops.








const HELP = `image-retag: release a container image for an already-built commit.

Looks for <image>:<commit-tag> in the registry and points the version tags at it (registry-side,
digest preserved); when it is missing, runs the build command, then tags what it pushed.

Usage: image-retag --app NAME --version TAG [--commit SHA] [options]

  --app NAME              app name; repeat, or separate with commas, for a batch
  --version TAG           release tag, e.g. v1.0.1
  --commit SHA            commit SHA, 7 to 64 hex digits (default: $GITHUB_SHA, else the git HEAD here)
  --image TEMPLATE        repository; {app} is replaced, e.g. ghcr.io/owner/{app} (required)
  --to TEMPLATE           repository to publish to (default: the image's); repeat, or separate
                          with commas, for several: docker.io/owner/{app},ghcr.io/owner/{app}
  --referrers             copy signatures, attestations and SBOMs along (default); --referrers=false
  --commit-tag TEMPLATE   tag of the commit image: {commit} (default) or {short}
  --latest auto|true|false   move latest: auto (default) only for the highest stable version
  --tags LIST             extra tags, comma separated ({commit} {short} {version} {app})
  --floating-tags LIST    tags that follow a line, never backwards, e.g. v{major},v{major}.{minor}
  --build-command CMD     fallback build, run without a shell (default: bazel run //{app}:push -- ...)
  --on-missing build|fail|defer
  --platforms LIST        platforms the image must contain, e.g. linux/amd64,linux/arm64
  --verify-revision       rebuild when the image's revision label names another commit
  --rebuild-if-base-changed   rebuild when the base the image records has moved since
  --max-age DURATION      rebuild when the image is older than this: 30d, 12h, 90m
  --allow-overwrite       allow moving a version tag that points at another digest
  --dry-run               decide and report; write nothing, build nothing
  --engine registry|docker|auto
  --concurrency N         apps at once in a batch (default 8)
  --insecure-registries LIST   plain-HTTP registries (loopback always is)
  --username USER         registry user; the password comes from --password-stdin or
  --password-stdin        $IMAGE_RETAG_PASSWORD (never from the command line)
  --json                  print the result (one object per app) as JSON on stdout
  -h, --help              this text

Without --username, credentials come from docker's config.json (docker login, credential helpers);
--username applies to the --image registry only, every --to registry uses docker's config.json.
Exit codes: 0 released (or deferred), 1 failed, 2 bad usage.
`;
const VALUED = new Set(Object.values(INPUT).filter((name) => !BOOLEAN_INPUTS.has(name) && !SECRET_INPUTS.has(name)));
/** Flags mirror the action's inputs: `--on-missing fail`, `--on-missing=fail`, `--dry-run`. */
function parseArgs(argv) {
    const parsed = { values: new Map(), json: false, help: false, passwordStdin: false };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === '-h' || arg === '--help')
            parsed.help = true;
        else if (arg === '--json')
            parsed.json = true;
        else if (arg === '--password-stdin')
            parsed.passwordStdin = true;
        else if (arg === '--password' || arg.startsWith('--password=')) {
            throw new InputError('--password is not accepted: a password on the command line is visible to every process. Use --password-stdin or $IMAGE_RETAG_PASSWORD.');
        }
        else if (arg.startsWith('--')) {
            const eq = arg.indexOf('=');
            const name = arg.slice(2, eq > 0 ? eq : undefined);
            if (BOOLEAN_INPUTS.has(name)) {
                parsed.values.set(name, [eq > 0 ? arg.slice(eq + 1) : 'true']);
            }
            else if (VALUED.has(name)) {
                const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
                if (value === undefined)
                    throw new InputError(`--${name} needs a value`);
                // the default build runs only when the option is left out; an empty one is a mistake
                if (name === INPUT.buildCommand && value === '') {
                    throw new InputError(`--${name} is empty. Expected a command and its arguments, or no --${name} for the default.`);
                }
                parsed.values.set(name, [...(parsed.values.get(name) ?? []), value]);
            }
            else {
                throw new InputError(`Unknown option ${arg}. See image-retag --help.`);
            }
        }
        else {
            throw new InputError(`Unexpected argument '${arg}'. See image-retag --help.`);
        }
    }
    return parsed;
}
function processTerminal() {
    return {
        env: process.env,
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
        readStdin: () => (0,external_node_fs_namespaceObject.readFileSync)(0, 'utf8'),
        gitHead
    };
}
function gitHead() {
    try {
        return (0,external_node_child_process_namespaceObject.execFileSync)('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    }
    catch {
        return undefined; // not a git checkout, or no git: --commit is then required
    }
}
/**
 * Lines go to stderr (stdout is kept for --json), with every secret replaced by *** and nothing
 * that a CI log would read as a command (a GitHub runner may run the CLI too).
 */
function cliHost(terminal) {
    const redactor = new Redactor();
    const out = outgoing(redactor);
    const write = (prefix, message) => terminal.stderr(`${prefix}${out(message)}\n`);
    const debug = terminal.env.IMAGE_RETAG_DEBUG === '1';
    const logger = (tag) => ({
        info: (m) => write(tag, m),
        warning: (m) => write(`${tag}warning: `, m),
        debug: (m) => debug && write(`${tag}debug: `, m)
    });
    const runner = (command, args, env) => new Promise((resolve, reject) => {
        // build output to stderr too: stdout carries only the JSON result
        const child = (0,external_node_child_process_namespaceObject.spawn)(command, args, { env: buildEnvironment(terminal.env, env), stdio: ['ignore', 2, 2] });
        child.on('error', reject);
        child.on('close', (code) => resolve(code ?? 1));
    });
    return {
        write,
        out,
        log: logger(''),
        setSecret: (secret) => redactor.add(secret),
        appGroup: (plan, batch, task) => {
            if (!batch)
                write('', `== Release ${plan.app} ${plan.version}`);
            return task(batch ? logger(`[${plan.app}] `) : logger(''));
        },
        runner
    };
}
/** Exit code of a failure: 2 for bad usage, 1 for anything else. */
function fail(host, error) {
    host.write('image-retag: ', explain(error));
    return error instanceof InputError ? 2 : 1;
}
/** The run's config from the flags; the password from stdin or $IMAGE_RETAG_PASSWORD, masked. */
function readConfig(parsed, terminal, host) {
    const { env } = terminal;
    const password = parsed.passwordStdin ? terminal.readStdin().replace(/\r?\n$/, '') : (env.IMAGE_RETAG_PASSWORD ?? '');
    host.setSecret(password);
    const read = (name) => name === INPUT.password ? password : (parsed.values.get(name) ?? []).join('\n');
    return getInputs(read, { sha: env.GITHUB_SHA || terminal.gitHead(), owner: env.GITHUB_REPOSITORY_OWNER });
}
function main_report(released, parsed, terminal, host) {
    const results = cleanStrings(released, host.out);
    if (parsed.json)
        terminal.stdout(`${JSON.stringify(results, null, 2)}\n`);
    else
        for (const r of results) {
            host.write('', `${r.app}: ${r.path}${r.digest ? ` ${r.digest}` : ''}${r.reason ? ` (${r.reason})` : ''}`);
            for (const c of r.checks ?? [])
                host.write('', `  ${c.check}: ${c.outcome} (${c.detail})`);
            const destinations = r.destinations ?? [];
            // a release to its own image repository only is said in the line above
            const promoted = destinations.filter((d) => destinations.length > 1 || d.repository !== r.image);
            for (const d of promoted)
                host.write('', `  ${d.repository}: ${d.error ? `failed (${d.error})` : `${d.written.length} tags written`}`);
        }
    host.write('', `path: ${overallPath(results)}`);
    const failure = failureMessage(results);
    if (failure)
        host.write('image-retag: ', failure);
    return failure ? 1 : 0;
}
/** The CLI: resolves to its exit code. */
async function main(argv, terminal = processTerminal(), release = releaseAll) {
    const host = cliHost(terminal);
    let parsed;
    let config;
    try {
        parsed = parseArgs(argv);
        if (parsed.help || argv.length === 0) {
            terminal.stdout(HELP);
            return parsed.help ? 0 : 2;
        }
        config = readConfig(parsed, terminal, host);
    }
    catch (error) {
        return fail(host, error);
    }
    try {
        return main_report(await release(config, host, terminal.env), parsed, terminal, host);
    }
    catch (error) {
        return fail(host, error);
    }
}


/***/ }),

/***/ 7410:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  g: () => (/* binding */ directFetch),
  p: () => (/* binding */ webStream)
});

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __nccwpck_require__(7067);
;// CONCATENATED MODULE: external "node:https"
const external_node_https_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __nccwpck_require__(7075);
;// CONCATENATED MODULE: external "node:stream/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream/promises");
;// CONCATENATED MODULE: ./src/oci/direct.ts




/** Statuses whose answers have no body. */
const NO_BODY = new Set([204, 205, 304]);
/**
 * Requests straight to the registry through node's own HTTP client, on kept-alive connections,
 * answered without fetch's `Response` (whose first use loads node's own copy of undici).
 * Not undici: undici closes the connection after every HEAD (in case a server sends a body it
 * must not), so each look-up would cost a new connection, a TCP and TLS handshake over HTTPS.
 * Node reads a HEAD answer as bodiless and keeps the connection for the next request. No redirect
 * is followed here; the HTTP layer follows them itself.
 */
function directFetch() {
    const agents = {
        http: new external_node_http_.Agent({ keepAlive: true, scheduling: 'lifo' }),
        https: new external_node_https_namespaceObject.Agent({ keepAlive: true, scheduling: 'lifo' })
    };
    return (input, init) => new Promise((resolve, reject) => {
        const url = new URL(input);
        const tls = url.protocol === 'https:';
        const options = {
            method: init.method ?? 'GET',
            headers: init.headers,
            agent: tls ? agents.https : agents.http,
            signal: init.signal ?? undefined
        };
        const request = (tls ? external_node_https_namespaceObject.request : external_node_http_.request)(url, options);
        request.on('response', (answer) => {
            try {
                resolve(responseOf(answer, options.signal));
            }
            catch (error) {
                answer.destroy();
                reject(error);
            }
        });
        request.on('error', reject);
        send(request, init.body).catch((error) => request.destroy(error));
    });
}
/** Writes the body (bytes, or chunks as they come) and ends the request. */
async function send(request, body) {
    if (body === undefined || body === null)
        request.end();
    else if (body instanceof Uint8Array)
        request.end(body);
    else
        await (0,promises_namespaceObject.pipeline)(external_node_stream_.Readable.from(body), request);
}
function responseOf(answer, signal) {
    const status = answer.statusCode ?? 0;
    if (status < 200 || status > 599)
        throw new Error(`answered with HTTP status ${status}, which is not a final answer`);
    const headers = headersOf(answer.rawHeaders);
    const ok = status < 300;
    if (NO_BODY.has(status)) {
        answer.resume();
        return { status, ok, headers, body: null };
    }
    return { status, ok, headers, body: webStream(answer, signal) };
}
/** Every header as sent, names in any case, repeated ones joined with `, ` (as fetch's `Headers` does). */
function headersOf(raw) {
    const values = new Map();
    for (let i = 0; i + 1 < raw.length; i += 2) {
        const name = raw[i].toLowerCase();
        const before = values.get(name);
        values.set(name, before === undefined ? raw[i + 1] : `${before}, ${raw[i + 1]}`);
    }
    return { get: (name) => values.get(name.toLowerCase()) ?? null, has: (name) => values.has(name.toLowerCase()) };
}
/**
 * The body as a web stream, read only as it is pulled (so the HTTP layer's size cap stops the
 * transfer), and cancelled by ending the iteration, which closes the connection. A body cut off
 * by the request's signal fails with the signal's reason (a timeout), not the reset it caused.
 */
function webStream(body, signal) {
    const chunks = body[Symbol.asyncIterator]();
    return new ReadableStream({
        async pull(controller) {
            let next;
            try {
                next = await chunks.next();
            }
            catch (error) {
                throw signal?.aborted ? signal.reason : error;
            }
            if (next.done)
                controller.close();
            else
                controller.enqueue(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength));
        },
        async cancel() {
            await chunks.return?.();
        }
    }, { highWaterMark: 0 });
}


/***/ }),

/***/ 4589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 7540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 3429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 5919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 3193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(486);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
