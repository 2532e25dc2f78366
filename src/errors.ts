/** The message of anything thrown, for a log line or a reason. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
