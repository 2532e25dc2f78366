// Prints the closing line CI reads, `N passed, N failed`, summed over jest --json result files.
// A missing file (a level that did not run to the end) counts as a failure.
import { existsSync, readFileSync } from 'node:fs'

let passed = 0
let failed = 0
let missing = 0
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    console.error(`no results in ${file}`)
    missing++
    continue
  }
  const results = JSON.parse(readFileSync(file, 'utf8'))
  passed += results.numPassedTests
  failed += results.numFailedTests
}
console.log(`${passed} passed, ${failed} failed`)
process.exitCode = missing > 0 ? 1 : 0
