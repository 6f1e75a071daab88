import { describe, expect, it } from "vitest";
import { secondsLocked } from "./lockout.js";
import { rolesFor } from "./registration.js";

describe("lockout", () => {
  const now = new Date("2026-01-01T00:00:00Z");
  const user = (
    lockedUntil: Date | null,
  ): { id: string; failedLoginCount: number; lockedUntil: Date | null } => ({
    id: "u",
    failedLoginCount: 3,
    lockedUntil,
  });

  it("reports whole seconds until unlock, rounded up, and nothing once the lock has passed", () => {
    expect(secondsLocked(user(null), now)).toBeUndefined();
    expect(secondsLocked(user(new Date(now.getTime() + 1_200)), now)).toBe(2);
    expect(secondsLocked(user(new Date(now.getTime() - 1)), now)).toBeUndefined();
    expect(secondsLocked(user(now), now)).toBeUndefined();
  });
});

describe("roles from the account type", () => {
  it("are freelancer or client, never admin or auditor", () => {
    expect(rolesFor("FREELANCER")).toEqual(["freelancer"]);
    for (const type of ["CLIENT", "COMPANY", "AGENCY"] as const) expect(rolesFor(type)).toEqual(["client"]);
  });
});
