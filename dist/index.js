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

/***/ 4323:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   AF: () => (/* binding */ buildEnvironment),
/* harmony export */   GW: () => (/* binding */ splitCommand),
/* harmony export */   cM: () => (/* binding */ runBuild)
/* harmony export */ });
/* unused harmony exports buildValues, buildArgv */
/* harmony import */ var _template_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(5237);

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
    return splitCommand(template).map((word) => (0,_template_js__WEBPACK_IMPORTED_MODULE_0__/* .renderWord */ .jX)(word, placeholders));
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


/***/ }),

/***/ 3665:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   aQ: () => (/* binding */ OUTPUT),
/* harmony export */   bO: () => (/* binding */ INPUT)
/* harmony export */ });
/* unused harmony exports BOOLEAN_INPUTS, SECRET_INPUTS */
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


/***/ }),

/***/ 3916:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   P1: () => (/* binding */ TagConflictError),
/* harmony export */   WE: () => (/* binding */ explain),
/* harmony export */   bD: () => (/* binding */ messageOf),
/* harmony export */   dz: () => (/* binding */ InputError)
/* harmony export */ });
/* unused harmony export hintFor */
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


/***/ }),

/***/ 8422:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   GP: () => (/* binding */ getInputs),
/* harmony export */   rD: () => (/* binding */ wholeNumber)
/* harmony export */ });
/* unused harmony exports DEFAULT_BUILD_COMMAND, parseList, readInputs, planApps */
/* harmony import */ var _build_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(4323);
/* harmony import */ var _contract_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3665);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_7__ = __nccwpck_require__(3916);
/* harmony import */ var _oci_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(8630);
/* harmony import */ var _oci_reference_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(2148);
/* harmony import */ var _moving_tags_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(507);
/* harmony import */ var _tags_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(9506);
/* harmony import */ var _template_js__WEBPACK_IMPORTED_MODULE_6__ = __nccwpck_require__(5237);








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
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .InputError */ .dz(`Invalid ${input} '${value}'. Expected one of: ${allowed.join(', ')}.`);
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
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .InputError */ .dz(`Invalid ${input} '${value}'. Expected a whole number from ${min} to ${max}, in decimal digits.`);
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
        apps: readApps(read(_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.app)),
        version: readVersion(read(_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.version)),
        commit: readCommit(read(_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.commit).trim() || context.sha || ''),
        insecureRegistries: readInsecureRegistries(read(_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.insecureRegistries)),
        buildCommand: readBuildCommand(read(_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.buildCommand)),
        imageTemplate: read(_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.image).trim() || defaultImage(context.owner),
        toTemplates: parseList(read(_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.to)),
        ...readCredentials(read),
        commitTagTemplate: read(_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.commitTag).trim() || '{commit}',
        latest: oneOf(_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.latest, read(_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.latest) || 'auto', ['auto', 'true', 'false']),
        tagTemplates: parseList(read(_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.tags)),
        floatingTemplates: parseList(read(_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.floatingTags)),
        onMissing: oneOf(_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.onMissing, read(_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.onMissing) || 'build', ['build', 'fail', 'defer']),
        verifyRevision: bool(_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.verifyRevision, read(_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.verifyRevision)),
        rebuildIfBaseChanged: bool(_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.rebuildIfBaseChanged, read(_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.rebuildIfBaseChanged)),
        maxAge: readMaxAge(read(_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.maxAge)),
        allowOverwrite: bool(_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.allowOverwrite, read(_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.allowOverwrite)),
        dryRun: bool(_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.dryRun, read(_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.dryRun)),
        // on unless told otherwise: a promotion without its signatures is a different release
        referrers: read(_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.referrers).trim() === '' || bool(_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.referrers, read(_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.referrers)),
        engine: oneOf(_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.engine, read(_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.engine) || 'registry', ['registry', 'docker', 'auto']),
        concurrency: wholeNumber(_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.concurrency, read(_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.concurrency), { fallback: 8, min: 1, max: 64 }),
        platforms: readPlatforms(read(_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.platforms))
    };
}
function readApps(value) {
    const apps = parseList(value);
    if (apps.length === 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .InputError */ .dz(`Input ${_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.app} is required: one app name, or several separated by newlines or commas.`);
    for (const app of apps) {
        if (!APP.test(app))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .InputError */ .dz(`Invalid ${_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.app} '${app}'. Expected a name of letters, digits, '.', '_' or '-' (at most 128).`);
    }
    if (new Set(apps).size !== apps.length)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .InputError */ .dz(`Invalid ${_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.app}: an app is listed twice.`);
    return apps;
}
function readVersion(value) {
    const version = value.trim();
    if (!version)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .InputError */ .dz(`Input ${_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.version} is required, e.g. v1.0.1.`);
    (0,_tags_js__WEBPACK_IMPORTED_MODULE_5__/* .validateTag */ .z7)(version, _contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.version);
    if (version === 'latest') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .InputError */ .dz(`Invalid ${_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.version} 'latest'. Expected a release tag such as v1.0.1; the ${_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.latest} input decides about latest.`);
    }
    return version;
}
/** Git writes SHAs in lower case, and so do the tags made from them: `ABC123D` is `abc123d`. */
function readCommit(value) {
    const commit = value.toLowerCase();
    if (!COMMIT.test(commit))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .InputError */ .dz(`Invalid ${_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.commit} '${value}'. Expected a commit SHA of 7 to 64 hexadecimal digits.`);
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
        const [program] = (0,_build_js__WEBPACK_IMPORTED_MODULE_0__/* .splitCommand */ .GW)(command);
        if (program === undefined)
            throw new Error('it has no words');
        if (program === '')
            throw new Error('the command to run is an empty word');
    }
    catch (error) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .InputError */ .dz(`Invalid ${_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.buildCommand}: ${error.message}. Expected a command and its arguments (quotes allowed, no shell).`);
    }
    const [unknown] = (0,_template_js__WEBPACK_IMPORTED_MODULE_6__/* .unknownBuildPlaceholders */ .jv)(command);
    if (unknown !== undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .InputError */ .dz(`Invalid ${_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.buildCommand}: unknown placeholder {${unknown}}. Expected any of ${(0,_template_js__WEBPACK_IMPORTED_MODULE_6__/* .listPlaceholders */ .N1)('build')}.`);
    }
    return command;
}
function readPlatforms(value) {
    const platforms = parseList(value).map((p) => p.toLowerCase());
    for (const platform of platforms) {
        if (!PLATFORM.test(platform))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .InputError */ .dz(`Invalid ${_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.platforms} entry '${platform}'. Expected os/architecture[/variant], e.g. linux/arm64.`);
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
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .InputError */ .dz(`Invalid ${_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.maxAge} '${value}'. Expected a whole number and a unit, d (days), h (hours) or m (minutes), e.g. 30d, 12h or 90m, up to 36500d; empty for no limit.`);
    }
    return { text, ms };
}
function readCredentials(read) {
    const username = read(_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.username).trim() || undefined;
    const password = read(_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.password) || undefined;
    if (Boolean(username) !== Boolean(password)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .InputError */ .dz(`Inputs ${_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.username} and ${_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.password} go together: give both or neither.`);
    }
    return { username, password, githubToken: read(_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.githubToken) || undefined };
}
function readInsecureRegistries(value) {
    const registries = parseList(value).map((r) => r
        .toLowerCase()
        .replace(/^https?:\/\//, '')
        .replace(/\/+$/, ''));
    for (const registry of registries) {
        const problem = (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .registryHostProblem */ .r6)(registry);
        if (problem !== undefined) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .InputError */ .dz(`Invalid ${_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.insecureRegistries} entry '${registry}': ${problem}. Expected host or host:port, e.g. registry.internal:5000.`);
        }
    }
    return registries;
}
function defaultImage(owner) {
    if (!owner)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .InputError */ .dz(`Input ${_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.image} is required outside GitHub Actions, e.g. ghcr.io/owner/{app}.`);
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
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .InputError */ .dz(`Invalid ${_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.image} '${inputs.imageTemplate}': apps ${other} and ${plan.app} both release to ${plan.image}. Expected a template with {app} for a batch.`);
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
        for (const destination of plan.destinations.map(_oci_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .formatRepository */ .Sh)) {
            const other = byDestination.get(destination);
            if (other) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .InputError */ .dz(`Invalid ${_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.to} '${inputs.toTemplates.join(', ')}': apps ${other} and ${plan.app} both publish to ${destination}. Expected templates with {app} for a batch.`);
            }
            byDestination.set(destination, plan.app);
        }
    }
}
/** The repositories one app is published to: the `to` templates rendered, else its image repository. */
function destinationsOf(app, repository, templates) {
    if (templates.length === 0)
        return [repository];
    const destinations = templates.map((template) => readRepository(_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.to, template, (0,_template_js__WEBPACK_IMPORTED_MODULE_6__/* .renderTemplate */ .Xm)('image', template, { app }, _contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.to)));
    const names = destinations.map(_oci_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .formatRepository */ .Sh);
    const twice = names.find((name, i) => names.indexOf(name) !== i);
    if (twice !== undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .InputError */ .dz(`Invalid ${_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.to}: ${twice} is listed twice (for app ${app}). Expected each repository once.`);
    }
    return destinations;
}
function planApp(app, inputs) {
    const values = { app, commit: inputs.commit, short: inputs.commit.slice(0, 7), version: inputs.version };
    const repository = repositoryOf(app, inputs.imageTemplate);
    const commitTag = (0,_tags_js__WEBPACK_IMPORTED_MODULE_5__/* .validateTag */ .z7)((0,_template_js__WEBPACK_IMPORTED_MODULE_6__/* .renderTemplate */ .Xm)('tag', inputs.commitTagTemplate, values, _contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.commitTag), _contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.commitTag, inputs.commitTagTemplate);
    const extraTags = inputs.tagTemplates.map((template) => (0,_tags_js__WEBPACK_IMPORTED_MODULE_5__/* .validateTag */ .z7)((0,_template_js__WEBPACK_IMPORTED_MODULE_6__/* .renderTemplate */ .Xm)('tag', template, values, _contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.tags), _contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.tags, template));
    if (extraTags.includes('latest')) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .InputError */ .dz(`Invalid ${_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.tags}: 'latest' is governed by the ${_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.latest} input (auto, true or false), not listed as a tag.`);
    }
    return {
        app,
        repository,
        image: (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .formatRepository */ .Sh)(repository),
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
    const floating = (0,_moving_tags_js__WEBPACK_IMPORTED_MODULE_4__/* .planFloatingTags */ .hA)(inputs.floatingTemplates, app, inputs.version, _contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.floatingTags);
    for (const { tag, template } of floating) {
        if (tag === undefined || !fixed.includes(tag))
            continue;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .InputError */ .dz(`Invalid ${_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.floatingTags} '${template}': it renders to '${tag}', which is also the version, the commit tag or an extra tag. Expected a tag that only moves, such as v{major}.`);
    }
    return floating;
}
function repositoryOf(app, template) {
    return readRepository(_contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.image, template, (0,_template_js__WEBPACK_IMPORTED_MODULE_6__/* .renderTemplate */ .Xm)('image', template, { app }, _contract_js__WEBPACK_IMPORTED_MODULE_1__/* .INPUT */ .bO.image));
}
/**
 * A repository input (`image`, `to`), rendered from `template`: host, port and path are checked,
 * and the error names the input.
 */
function readRepository(input, template, rendered) {
    try {
        // GHCR owners may have capitals, repository names may not; host names ignore case anyway
        return (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .parseRepository */ .SU)(rendered.toLowerCase());
    }
    catch (error) {
        if (!(error instanceof _oci_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InvalidReferenceError */ .x_))
            throw error;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .InputError */ .dz(`Invalid ${input} '${template}': ${error.message}. Expected registry/path/name with {app}, e.g. ghcr.io/owner/{app}.`);
    }
}


/***/ }),

/***/ 507:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   hA: () => (/* binding */ planFloatingTags),
/* harmony export */   i2: () => (/* binding */ inLine),
/* harmony export */   js: () => (/* binding */ decideFloating)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(3916);
/* harmony import */ var _tags_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(9506);
/* harmony import */ var _template_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(5237);



/**
 * Renders and checks the `floating-tags` templates for one app. Each must name `{major}` (a tag
 * without it would not follow a line), and must render to a valid tag whatever the version; it is
 * rendered for real only when the version is a stable semver. Minor lines come first: the write
 * order is the order of this list, and a narrower tag is written before the broader one.
 */
function planFloatingTags(templates, app, version, input) {
    const parsed = (0,_tags_js__WEBPACK_IMPORTED_MODULE_0__/* .parseStable */ .De)(version);
    const planned = templates.map((template) => {
        if (!template.includes('{major}'))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(`Invalid ${input} '${template}': it has no {major} placeholder. Expected a template such as v{major} or v{major}.{minor}.`);
        const line = template.includes('{minor}') ? 'minor' : 'major';
        // checked with a stand-in version too, so a bad template fails whatever the version is
        (0,_tags_js__WEBPACK_IMPORTED_MODULE_0__/* .validateTag */ .z7)((0,_template_js__WEBPACK_IMPORTED_MODULE_1__/* .renderTemplate */ .Xm)('floating', template, { app, major: '0', minor: '0' }, input), input, template);
        if (!parsed)
            return { template, line };
        const values = { app, major: String(parsed.major), minor: String(parsed.minor) };
        return { template, line, tag: (0,_tags_js__WEBPACK_IMPORTED_MODULE_0__/* .validateTag */ .z7)((0,_template_js__WEBPACK_IMPORTED_MODULE_1__/* .renderTemplate */ .Xm)('floating', template, values, input), input, template) };
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
    const parsed = (0,_tags_js__WEBPACK_IMPORTED_MODULE_0__/* .parseVersion */ .ot)(version);
    const { tag, template } = floating;
    if (!parsed || tag === undefined) {
        const why = parsed ? 'is a pre-release' : 'is not a semantic version';
        return { tag: tag ?? template, move: false, why: `${tag ?? template} is left alone: ${version} ${why}` };
    }
    const line = lineName(floating.line, parsed);
    const highest = (0,_tags_js__WEBPACK_IMPORTED_MODULE_0__/* .highestStable */ .Ij)(existing, inLine(floating.line, parsed));
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


/***/ }),

/***/ 8630:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   a2: () => (/* binding */ NOT_FOUND_CODES),
/* harmony export */   gl: () => (/* binding */ RegistryError),
/* harmony export */   kW: () => (/* binding */ parseErrorBody),
/* harmony export */   x_: () => (/* binding */ InvalidReferenceError)
/* harmony export */ });
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


/***/ }),

/***/ 2148:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   FH: () => (/* binding */ formatReference),
/* harmony export */   SU: () => (/* binding */ parseRepository),
/* harmony export */   Sh: () => (/* binding */ formatRepository),
/* harmony export */   U9: () => (/* binding */ isLoopback),
/* harmony export */   Xb: () => (/* binding */ DOCKER_HUB),
/* harmony export */   fH: () => (/* binding */ isValidDigest),
/* harmony export */   nz: () => (/* binding */ apiHost),
/* harmony export */   r6: () => (/* binding */ registryHostProblem),
/* harmony export */   r_: () => (/* binding */ isValidTag)
/* harmony export */ });
/* unused harmony export hostname */
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_net__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(8630);


/** The canonical Docker Hub registry name, and where its API actually lives. */
const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_API = 'registry-1.docker.io';
const DOCKER_HUB_ALIASES = new Set([DOCKER_HUB, 'index.docker.io', DOCKER_HUB_API]);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const HOST_NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*$/;
const HOST_AND_PORT = /^(\[[^\]]*\]|[^:[\]]*)(?::([^:]*))?$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
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
    if (host.startsWith('[') ? (0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(host.slice(1, -1)) !== 6 : !HOST_NAME.test(host)) {
        return host.startsWith('[') ? `${host} is not an IPv6 address` : `'${host}' is not a host name or address`;
    }
    if (port !== undefined && (!/^[0-9]{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535)) {
        return `port '${port}' is not a number from 1 to 65535`;
    }
    // what a request will be sent to: the URL parser must take it too (`999.0.0.1` is no address)
    return URL.canParse(`http://${registry}/`) ? undefined : `'${host}' is not a host name or address`;
}
function isValidTag(tag) {
    return TAG.test(tag);
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
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InvalidReferenceError */ .x_(`Invalid image repository '${name}': ${why}`);
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
    const host = (0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(registry) === 6 ? `[${registry}]` : registry;
    if (!URL.canParse(`http://${host}/`))
        return false;
    const { hostname: parsed } = new URL(`http://${host}/`);
    return parsed === 'localhost' || LOOPBACK_ADDRESS.test(parsed);
}


/***/ }),

/***/ 9506:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   De: () => (/* binding */ parseStable),
/* harmony export */   Ij: () => (/* binding */ highestStable),
/* harmony export */   Im: () => (/* binding */ needsTagList),
/* harmony export */   O1: () => (/* binding */ decideLatest),
/* harmony export */   lG: () => (/* binding */ tagListStart),
/* harmony export */   ot: () => (/* binding */ parseVersion),
/* harmony export */   z7: () => (/* binding */ validateTag)
/* harmony export */ });
/* harmony import */ var semver_functions_parse_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6353);
/* harmony import */ var semver_functions_parse_js__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(semver_functions_parse_js__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(3916);
/* harmony import */ var _oci_reference_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(2148);
// the one function the tag policy needs: the whole of semver (ranges and all) is start-up time



const TAG_FORMAT = 'an OCI tag: [A-Za-z0-9_][A-Za-z0-9._-]{0,127}';
function validateTag(tag, input, template) {
    if (!(0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_1__/* .isValidTag */ .r_)(tag)) {
        const from = template && template !== tag ? ` (from '${template}')` : '';
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(`Invalid ${input} '${tag}'${from}. Expected ${TAG_FORMAT}.`);
    }
    return tag;
}
/** `v1.2.3` or `1.2.3`, strictly: `v1.2` or `release-1` are not versions `latest` can follow. */
function parseVersion(tag) {
    return semver_functions_parse_js__WEBPACK_IMPORTED_MODULE_0___default()(tag.replace(/^v(?=\d)/, ''));
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
        if (typeof tag !== 'string' || !(0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_1__/* .isValidTag */ .r_)(tag))
            continue;
        const version = parseStable(tag);
        if (!version || !within(version))
            continue;
        if (!highest || version.compare(highest.version) > 0)
            highest = { tag, version };
    }
    return highest;
}


/***/ }),

/***/ 5237:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   N1: () => (/* binding */ listPlaceholders),
/* harmony export */   Xm: () => (/* binding */ renderTemplate),
/* harmony export */   jX: () => (/* binding */ renderWord),
/* harmony export */   jv: () => (/* binding */ unknownBuildPlaceholders)
/* harmony export */ });
/* unused harmony export PLACEHOLDERS */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3916);

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
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(`Invalid ${input} '${template}': unknown placeholder ${whole}. Expected any of ${listPlaceholders(kind)}.`);
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


/***/ }),

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 5317:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 9896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

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

/***/ 1421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

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

/***/ 1455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 4708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 8161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

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

/***/ 6466:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream/promises");

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

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 6928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 3193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 3557:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");

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
var __webpack_exports__ = {};

// EXTERNAL MODULE: ./src/build.ts
var build = __nccwpck_require__(4323);
// EXTERNAL MODULE: ./src/contract.ts
var contract = __nccwpck_require__(3665);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __nccwpck_require__(3916);
// EXTERNAL MODULE: ./src/inputs.ts
var inputs = __nccwpck_require__(8422);
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

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(8161);
;// CONCATENATED MODULE: ./src/runner.ts
// The few parts of @actions/core the action uses, written the same way (workflow commands on
// stdout, the GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files). @actions/core itself loads an HTTP
// client for OIDC tokens on start, which the action never asks for, and which made up most of the
// start-up time of a run rejected for bad input.


/** Command data on one line: `%`, CR and LF escaped as the runner expects. */
const escapeData = (text) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
function command(name, message) {
    process.stdout.write(`::${name}::${escapeData(message)}${external_node_os_.EOL}`);
}
/** An input as the runner passes it (`INPUT_<NAME>`), trimmed unless asked not to. */
function getInput(name, options = {}) {
    const value = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '';
    return options.trimWhitespace === false ? value : value.trim();
}
/** A step output, written to the GITHUB_OUTPUT file under a delimiter the value cannot contain. */
function setOutput(name, value) {
    const file = process.env.GITHUB_OUTPUT;
    if (!file) {
        process.stdout.write(`${external_node_os_.EOL}::set-output name=${name}::${escapeData(value)}${external_node_os_.EOL}`);
        return;
    }
    // the global crypto loads only when first used: a run rejected for bad input never does
    const delimiter = `ghadelimiter_${globalThis.crypto.randomUUID()}`;
    if (name.includes(delimiter) || value.includes(delimiter))
        throw new Error(`Unexpected input: name or value contains the delimiter ${delimiter}`);
    (0,external_node_fs_namespaceObject.appendFileSync)(file, `${name}<<${delimiter}${external_node_os_.EOL}${value}${external_node_os_.EOL}${delimiter}${external_node_os_.EOL}`, 'utf8');
}
const info = (message) => void process.stdout.write(message + external_node_os_.EOL);
const debug = (message) => command('debug', message);
const warning = (message) => command('warning', message);
const runner_setSecret = (secret) => command('add-mask', secret);
const startGroup = (title) => command('group', title);
const endGroup = () => command('endgroup', '');
function setFailed(message) {
    process.exitCode = 1;
    command('error', message);
}
async function group(title, task) {
    startGroup(title);
    try {
        return await task();
    }
    finally {
        endGroup();
    }
}
const wrap = (tag, content) => `<${tag}>${content}</${tag}>`;
/** The job summary, built as HTML and appended to the GITHUB_STEP_SUMMARY file. */
class Summary {
    buffer = '';
    addHeading(text, level) {
        this.buffer += wrap(`h${level}`, text) + external_node_os_.EOL;
        return this;
    }
    addTable(rows) {
        const cell = (c) => (typeof c === 'string' ? wrap('td', c) : wrap(c.header ? 'th' : 'td', c.data));
        this.buffer += wrap('table', rows.map((row) => wrap('tr', row.map(cell).join(''))).join('')) + external_node_os_.EOL;
        return this;
    }
    async write() {
        const file = process.env.GITHUB_STEP_SUMMARY;
        if (!file)
            throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY');
        const text = this.buffer;
        this.buffer = '';
        (0,external_node_fs_namespaceObject.appendFileSync)(file, text, { encoding: 'utf8' });
    }
}
const summary = new Summary();

;// CONCATENATED MODULE: ./src/main.ts






/**
 * The action: read inputs, release each app, report. The only place that fails the step. No text
 * leaves it (log line, output, summary, failure) without its secrets taken out and guarded.
 */
async function run(env = process.env) {
    const redactor = new Redactor();
    const out = outgoing(redactor);
    try {
        // the runner's own variables: all @actions/github's context would add is start-up time
        const config = (0,inputs/* getInputs */.GP)(readInput, { sha: env.GITHUB_SHA, owner: env.GITHUB_REPOSITORY_OWNER });
        // loaded only once the inputs are good: a run rejected for bad input loads no HTTP client
        const { releaseAll } = await __nccwpck_require__.e(/* import() */ 974).then(__nccwpck_require__.bind(__nccwpck_require__, 8974));
        const results = cleanStrings(await releaseAll(config, actionHost(env, redactor), env), out);
        setOutputs(results);
        await writeSummary(results, config.release.dryRun);
        const failure = failureMessage(results);
        if (failure)
            setFailed(failure);
    }
    catch (error) {
        setFailed(out((0,errors/* explain */.WE)(error)));
    }
}
/** An input as given; only a build command is left untrimmed, so a blank one is told from an absent one. */
function readInput(name) {
    return getInput(name, { trimWhitespace: name !== contract/* INPUT */.bO.buildCommand });
}
/** @actions/core's log, every line through `out`. */
function coreLogger(out) {
    return {
        info: (message) => info(out(message)),
        warning: (message) => warning(out(message)),
        debug: (message) => debug(out(message))
    };
}
function actionHost(env, redactor) {
    const log = coreLogger(outgoing(redactor));
    const runner = async (command, args, values) => {
        const { exec } = await __nccwpck_require__.e(/* import() */ 260).then(__nccwpck_require__.bind(__nccwpck_require__, 1260));
        return exec(command, args, { env: (0,build/* buildEnvironment */.AF)(env, values), ignoreReturnCode: true });
    };
    const setSecret = (secret) => {
        runner_setSecret(secret);
        redactor.add(secret);
    };
    return { log, setSecret, appGroup: (plan, batch, task) => inGroup(log, { plan, batch }, task), runner };
}
/**
 * Runs one app's release inside a log group. Apps of a batch run at once, so their lines are
 * held back and printed as one group when the app is done, instead of interleaving (a build's
 * own output, streamed as it runs, stays outside: log groups do not nest).
 */
async function inGroup(log, app, task) {
    const title = `Release ${app.plan.app} ${app.plan.version}`;
    if (!app.batch)
        return group(title, () => task(log));
    const lines = [];
    const held = {
        info: (message) => lines.push(() => log.info(message)),
        warning: (message) => lines.push(() => log.warning(message)),
        debug: (message) => lines.push(() => log.debug(message))
    };
    try {
        return await task(held);
    }
    finally {
        startGroup(title);
        for (const line of lines)
            line();
        endGroup();
    }
}
function setOutputs(results) {
    const first = results[0];
    setOutput(contract/* OUTPUT */.aQ.path, overallPath(results));
    setOutput(contract/* OUTPUT */.aQ.retagged, String(results.every((r) => r.path === 'retag')));
    setOutput(contract/* OUTPUT */.aQ.image, first.image);
    setOutput(contract/* OUTPUT */.aQ.digest, first.digest ?? '');
    setOutput(contract/* OUTPUT */.aQ.tags, results.flatMap((r) => r.tags).join('\n'));
    setOutput(contract/* OUTPUT */.aQ.reason, results
        .map((r) => r.reason)
        .filter(Boolean)
        .join('\n'));
    setOutput(contract/* OUTPUT */.aQ.result, JSON.stringify(results));
    setOutput(contract/* OUTPUT */.aQ.deferred, JSON.stringify(results.filter((r) => r.path === 'defer').map((r) => r.app)));
    setOutput(contract/* OUTPUT */.aQ.engine, [...new Set(results.map((r) => r.engine).filter(Boolean))].join(','));
}
async function writeSummary(results, dryRun) {
    try {
        await summary
            .addHeading(dryRun ? 'Image release (dry run: nothing written)' : 'Image release', 3)
            .addTable(summaryTable(results))
            .write();
    }
    catch (error) {
        // outside a runner there is no summary file: the outputs still say everything
        debug(`no job summary: ${(0,errors/* messageOf */.bD)(error)}`);
    }
}

;// CONCATENATED MODULE: ./src/index.ts

void run();

