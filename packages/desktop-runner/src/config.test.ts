import { describe, expect, it } from "vitest";
import { loadDesktopRunnerConfig } from "./config.js";

describe("desktop runner config", () => {
  it("defaults to every namespace, the image's entry script and displays from :600", () => {
    const config = loadDesktopRunnerConfig({
      KUBECONFIG: "/k",
      DESKTOP_RUNNER_STATE_DIR: "/s",
      PATH: "/bin",
    });
    expect(config).toMatchObject({ healthPort: 10391, firstDisplay: 600, maxDesktops: 32, path: "/bin" });
    expect(config.namespace).toBeUndefined();
    expect(config.script).toMatch(/images\/desktop\/start-desktop\.sh$/);
  });

  it("names every bad variable at once", () => {
    expect(() =>
      loadDesktopRunnerConfig({ DESKTOP_RUNNER_PORT: "70000", DESKTOP_RUNNER_MAX_DESKTOPS: "x" }),
    ).toThrow(
      /KUBECONFIG: required[\s\S]*DESKTOP_RUNNER_STATE_DIR: required[\s\S]*DESKTOP_RUNNER_MAX_DESKTOPS[\s\S]*DESKTOP_RUNNER_PORT: not a port/,
    );
  });
});
