import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DataDirectoryInUse, LOCK_FILE_NAME, lockDataDirectory } from "./data-directory-lock.js";

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const fresh = () => (dir = mkdtempSync(path.join(tmpdir(), "hub-lock-")));
/** The pid of a process that has exited (and been reaped). */
const deadPid = () => spawnSync(process.execPath, ["-e", ""]).pid!;

describe("the embedded data directory's lock", () => {
  it("is taken, names this process, and goes on release", () => {
    const lock = lockDataDirectory(fresh());
    expect(JSON.parse(readFileSync(lock.file, "utf8")).pid).toBe(process.pid);
    lock.recordDatabasePid(1234);
    expect(JSON.parse(readFileSync(lock.file, "utf8"))).toMatchObject({ pid: process.pid, databasePid: 1234 });
    lock.release();
    expect(existsSync(path.join(dir, LOCK_FILE_NAME))).toBe(false);
  });

  it("refuses a directory a live process holds, naming the directory and the process", () => {
    const first = lockDataDirectory(fresh());
    expect(() => lockDataDirectory(dir)).toThrow(DataDirectoryInUse);
    expect(() => lockDataDirectory(dir)).toThrow(`The embedded data directory ${dir} is in use by process ${process.pid}`);
    first.release();
  });

  it("counts the database process as a holder: a dead hub whose database still closes its files keeps the lock", () => {
    writeFileSync(path.join(fresh(), LOCK_FILE_NAME), JSON.stringify({ pid: deadPid(), databasePid: process.pid, since: "" }));
    expect(() => lockDataDirectory(dir)).toThrow(`in use by process ${process.pid}`);
  });

  it("takes over a stale lock, whose holders are gone", () => {
    writeFileSync(path.join(fresh(), LOCK_FILE_NAME), JSON.stringify({ pid: deadPid(), databasePid: deadPid(), since: "" }));
    const lock = lockDataDirectory(dir);
    expect(JSON.parse(readFileSync(lock.file, "utf8")).pid).toBe(process.pid);
    lock.release();
  });

  it("never takes over a lock file that names no process (it may be being written)", () => {
    writeFileSync(path.join(fresh(), LOCK_FILE_NAME), "");
    expect(() => lockDataDirectory(dir)).toThrow(/names no process; if no hub or script uses the directory, delete that file/);
  });

  it("on release, leaves alone a lock another process has taken over", () => {
    const lock = lockDataDirectory(fresh());
    const other = JSON.stringify({ pid: deadPid() + 1_000_000, since: "" });
    writeFileSync(lock.file, other);
    lock.release();
    expect(readFileSync(lock.file, "utf8")).toBe(other);
  });
});
