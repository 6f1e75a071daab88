import { describe, expect, it } from "vitest";
import {
  actionsFor,
  waitingHint,
  countdownText,
  idleStopAt,
  isSettling,
  statusOf,
  type Workspace,
} from "./workspace-state";

function ws(over: Partial<Workspace> = {}): Workspace {
  return {
    namespace: "tenant-acme",
    name: "ws-1",
    state: "Running",
    phase: "Running",
    ready: true,
    idleWarning: null,
    expiresAt: null,
    lastActivityAt: null,
    contractId: "c1",
    milestoneId: "m1",
    frozen: false,
    mode: "interactive",
    clipboard: "Both",
    ...over,
  };
}

describe("statusOf", () => {
  it("reads what was asked against what the operator saw", () => {
    expect(statusOf(ws()).text).toBe("Running");
    expect(statusOf(ws({ phase: "Starting", ready: false })).text).toBe("Starting…");
    expect(statusOf(ws({ state: "Stopped", phase: "Running" })).text).toBe("Stopping…");
    expect(statusOf(ws({ state: "Stopped", phase: "Stopped", ready: false })).text).toBe("Stopped");
    expect(statusOf(ws({ phase: "Failed" })).tone).toBe("danger");
    expect(statusOf(ws({ frozen: true })).text).toBe("Frozen by a dispute");
  });
});

describe("actionsFor", () => {
  it("lets the owner stop and open a running workspace", () => {
    expect(actionsFor(ws())).toEqual({ start: false, stop: true, open: true, watch: false });
  });
  it("lets the owner start a stopped one, not open it", () => {
    expect(actionsFor(ws({ state: "Stopped", phase: "Stopped", ready: false }))).toEqual({
      start: true,
      stop: false,
      open: false,
      watch: false,
    });
  });
  it("gives a supervisor only Watch, and only while it runs", () => {
    expect(actionsFor(ws({ mode: "watch" }))).toEqual({
      start: false,
      stop: false,
      open: false,
      watch: true,
    });
    expect(actionsFor(ws({ mode: "watch", state: "Stopped", phase: "Stopped" })).watch).toBe(false);
  });
  it("offers no start, open or watch while a dispute freezes it, and no open before it is ready", () => {
    const frozen = actionsFor(ws({ frozen: true, state: "Stopped", phase: "Stopped" }));
    expect(frozen).toEqual({ start: false, stop: false, open: false, watch: false });
    expect(actionsFor(ws({ ready: false, phase: "Starting" })).open).toBe(false);
    expect(actionsFor(ws({ mode: "watch", frozen: true })).watch).toBe(false);
  });
});

describe("isSettling", () => {
  it("is true while a start or stop is under way", () => {
    expect(isSettling(ws({ phase: "Provisioning", ready: false }))).toBe(true);
    expect(isSettling(ws({ state: "Stopped", phase: "Running" }))).toBe(true);
    expect(isSettling(ws({ state: "Running", phase: "Stopped" }))).toBe(true);
    expect(isSettling(ws())).toBe(false);
    expect(isSettling(ws({ state: "Stopped", phase: "Stopped" }))).toBe(false);
    expect(isSettling(ws({ phase: "Failed" }))).toBe(false);
  });
});

describe("idle countdown", () => {
  it("counts down to five minutes after the warning began", () => {
    const warned = ws({ idleWarning: { since: "2026-12-07T10:00:00.000Z", message: "m" } });
    const stopAt = idleStopAt(warned) ?? "";
    expect(stopAt).toBe("2026-12-07T10:05:00.000Z");
    expect(countdownText(stopAt, Date.parse("2026-12-07T10:00:55Z"))).toBe("4:05");
    expect(countdownText(stopAt, Date.parse("2026-12-07T10:06:00Z"))).toBe("0:00");
    expect(idleStopAt(ws())).toBeUndefined();
  });
});

describe("waitingHint", () => {
  it("explains why there is no button, and says nothing when there is one", () => {
    expect(waitingHint(ws())).toBeUndefined();
    expect(waitingHint(ws({ mode: "watch", state: "Stopped", phase: "Stopped" }))).toMatch(/watch it while/);
    expect(waitingHint(ws({ frozen: true, state: "Stopped", phase: "Stopped" }))).toMatch(/dispute/);
  });
});
