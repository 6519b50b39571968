import { readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { StartupFailure } from "../common/startup-failure.js";

/** The lock file inside an embedded data directory: while it names a live process, no other opens the directory. */
export const LOCK_FILE_NAME = ".hub.lock";

/**
 * Who holds the directory: the process that opened it (a hub, or a script such as `npm run seed`) and,
 * once forked, its embedded database process. Either alive means the directory is in use: a hub
 * killed outright leaves its database process closing the files for a moment.
 */
interface LockHolder {
  pid: number;
  databasePid?: number;
  since: string;
}

export interface DataDirectoryLock {
  readonly file: string;
  /** Records the embedded database process as a holder too (see LockHolder). */
  recordDatabasePid(pid: number): void;
  /** Removes the lock file, unless another process has since taken it over. Synchronous: it also runs on exit. */
  release(): void;
}

export class DataDirectoryInUse extends StartupFailure {}

/**
 * Takes the embedded data directory for this process, or throws DataDirectoryInUse naming the process
 * that holds it. Two PGlite instances on one directory corrupt it, and the second would change files
 * under the first: the refusal happens before anything in the directory is touched.
 *
 * The lock file is created exclusively (`wx`), so of two processes starting at once only one gets
 * it. A lock whose holders are no longer alive (a hub killed with SIGKILL, a machine that lost
 * power) is stale and taken over (see takeOverStale).
 */
export function lockDataDirectory(dataDir: string): DataDirectoryLock {
  const file = path.join(dataDir, LOCK_FILE_NAME);
  let holder: LockHolder = { pid: process.pid, since: new Date().toISOString() };
  // A few rounds: a lock that goes, or is taken over as stale, between two steps is looked at again.
  for (let round = 1; ; round++) {
    try {
      writeFileSync(file, JSON.stringify(holder), { flag: "wx" });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const current = readHolder(file);
    if (current === "gone") continue;
    if (current === "unreadable") {
      // An empty or garbled file may be a lock being written this very moment: never taken over.
      throw new DataDirectoryInUse(`The embedded data directory ${dataDir} is locked by ${file}, which names no process; if no hub or script uses the directory, delete that file`);
    }
    const alive = [current.holder.pid, current.holder.databasePid].find((pid) => pid !== undefined && isAlive(pid));
    if (alive !== undefined || round >= 3) throw inUse(dataDir, alive ?? current.holder.pid);
    takeOverStale(file, current.text, dataDir);
  }
  let released = false;
  return {
    file,
    recordDatabasePid(pid) {
      holder = { ...holder, databasePid: pid };
      if (holdsLock(file)) writeFileSync(file, JSON.stringify(holder));
    },
    release() {
      if (released) return;
      released = true;
      if (!holdsLock(file)) return;
      try {
        unlinkSync(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      }
    },
  };
}

function inUse(dataDir: string, pid: number): DataDirectoryInUse {
  return new DataDirectoryInUse(`The embedded data directory ${dataDir} is in use by process ${pid} (another hub, or a script such as npm run seed); stop it, or set EMBEDDED_DATA_DIR to another directory`);
}

/**
 * Removes a stale lock, whose text was `staleText`. It is first moved aside under a name of this
 * process's own: of two processes taking over at once, the second may move the first's new lock
 * instead. Then what was moved is not the stale text, so it is put back (exclusively, as it was
 * made) and the second is refused.
 */
function takeOverStale(file: string, staleText: string, dataDir: string): void {
  const aside = `${file}.stale-${process.pid}`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  const moved = readFileSync(aside, "utf8");
  unlinkSync(aside);
  if (moved === staleText) return;
  try {
    writeFileSync(file, moved, { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const holder = parseHolder(moved);
  throw inUse(dataDir, holder?.pid ?? process.pid);
}

function parseHolder(text: string): LockHolder | null {
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    return Number.isInteger(parsed.pid) ? (parsed as LockHolder) : null;
  } catch {
    return null;
  }
}

function readHolder(file: string): { holder: LockHolder; text: string } | "gone" | "unreadable" {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "gone";
    throw error;
  }
  const holder = parseHolder(text);
  return holder ? { holder, text } : "unreadable";
}

/** Whether the lock file still names this process (a lock taken over as stale is not ours to remove). */
function holdsLock(file: string): boolean {
  const current = readHolder(file);
  return typeof current === "object" && current.holder.pid === process.pid;
}

/**
 * Signal 0 checks that a process exists without touching it; EPERM means it exists under another
 * user. A process that has exited but is not yet reaped (a zombie: a killed hub's database process
 * waits for its new parent to collect it) still answers signal 0; on Linux, /proc tells it apart.
 */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The state follows the command name, which is in parentheses and may itself contain some.
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch (error) {
    // No /proc (macOS): signal 0 is all there is to go by. No entry: it has just gone.
    return (error as NodeJS.ErrnoException).code !== "ENOENT";
  }
}
