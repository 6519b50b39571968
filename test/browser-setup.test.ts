/** What the run does when the browser tests' Chromium is missing (test/support/browser-setup.ts). */
import { describe, expect, it } from "vitest";
import { planChromium, type ChromiumSituation } from "./support/browser-setup.js";

const machine: ChromiumSituation = { configuredPath: undefined, present: false, isRoot: true, sudoWithoutPassword: false, aptGet: true };

describe("Chromium for the browser tests", () => {
  it("does nothing when Chromium is there", () => {
    expect(planChromium({ ...machine, present: true })).toEqual({ action: "none" });
    expect(planChromium({ ...machine, present: true, configuredPath: "/opt/chrome/chrome" })).toEqual({ action: "none" });
  });

  it("installs Debian's package with apt-get as root, or through sudo -n, saying so in one line", () => {
    const asRoot = planChromium(machine);
    expect(asRoot).toMatchObject({ action: "install", prefix: [] });
    expect(asRoot.action === "install" && asRoot.announcement).toMatch(/^\[tests\] No Chromium at \/usr\/bin\/chromium: installing Debian's chromium package with apt-get/);
    expect(asRoot.action === "install" && asRoot.announcement.includes("\n")).toBe(false);
    expect(planChromium({ ...machine, isRoot: false, sudoWithoutPassword: true })).toMatchObject({ action: "install", prefix: ["sudo", "-n"] });
  });

  it("fails the run, saying how to install it, when it cannot install", () => {
    expect(planChromium({ ...machine, isRoot: false })).toEqual({ action: "fail", message: expect.stringMatching(/needs root \(or sudo without a password\).*sudo apt-get install chromium.*CHROMIUM_PATH/) });
    expect(planChromium({ ...machine, aptGet: false })).toEqual({ action: "fail", message: expect.stringMatching(/no apt-get.*sudo apt-get install chromium/) });
  });

  it("never installs over a CHROMIUM_PATH that names no executable: it says to fix the setting", () => {
    expect(planChromium({ ...machine, configuredPath: "/opt/none/chrome" })).toEqual({ action: "fail", message: expect.stringMatching(/CHROMIUM_PATH=\/opt\/none\/chrome is not an executable/) });
  });
});
