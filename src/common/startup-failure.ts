/**
 * A start-up failure whose cause is known and whose message tells the operator what to do (a port
 * already taken, a data directory another process serves). The entry point prints the message
 * alone, on one line, and exits non-zero: a stack trace would only bury the advice.
 */
export class StartupFailure extends Error {
  override name = "StartupFailure";
}
