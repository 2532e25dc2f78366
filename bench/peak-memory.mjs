// Preloaded (NODE_OPTIONS=--import) into a node process the bench measures: at exit it writes the
// process's peak resident memory, in KiB, to BENCH_RSS_FILE.
import { writeFileSync } from 'node:fs'

process.on('exit', () => writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)))
