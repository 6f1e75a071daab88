import type { V1Secret } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { streamSecretFor } from "./desired-children.js";
import { skillPodFixture } from "./fixtures.test-support.js";
import { needsViewPassword, newStreamPasswords, passwordsKeptFrom } from "./stream-credential.js";

const secretWith = (data: Record<string, string>): V1Secret => ({
  data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString("base64")])),
});
const decode = (secret: V1Secret, key: string): string =>
  Buffer.from(secret.data?.[key] ?? "", "base64").toString("utf8");

describe("stream credential", () => {
  it("makes two distinct 8-character passwords, different every time", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const { interactive, view } = newStreamPasswords();
      expect(interactive).toMatch(/^[A-Za-z0-9]{8}$/);
      expect(view).toMatch(/^[A-Za-z0-9]{8}$/);
      expect(view).not.toBe(interactive);
      seen.add(interactive);
    }
    expect(seen.size).toBe(200);
  });

  it("stores them under the keys @skillpod/api names", () => {
    const secret = streamSecretFor(skillPodFixture(), { interactive: "Interact", view: "Watching" });
    expect(Object.keys(secret.data ?? {}).sort()).toEqual(["password", "view-password"]);
    expect(decode(secret, "password")).toBe("Interact");
    expect(decode(secret, "view-password")).toBe("Watching");
    expect(secret.metadata?.name).toBe("ws-alpha-stream");
  });

  it("keeps both passwords of a complete Secret", () => {
    const secret = secretWith({ password: "Interact", "view-password": "Watching" });
    expect(needsViewPassword(secret)).toBe(false);
    expect(passwordsKeptFrom(secret)).toEqual({ interactive: "Interact", view: "Watching" });
  });

  it("adds a view-only password to a Secret from before watch mode, keeping the interactive one", () => {
    const old = secretWith({ password: "a-long-password-from-before-32ch" });
    expect(needsViewPassword(old)).toBe(true);
    const kept = passwordsKeptFrom(old);
    expect(kept.interactive).toBe("a-long-password-from-before-32ch");
    expect(kept.view).toMatch(/^[A-Za-z0-9]{8}$/);
  });

  it("replaces a view-only password that VncAuth could not tell from the interactive one", () => {
    const clash = secretWith({ password: "SamePrefix-1", "view-password": "SamePrefix-2" });
    expect(needsViewPassword(clash)).toBe(true);
    const kept = passwordsKeptFrom(clash);
    expect(kept.interactive).toBe("SamePrefix-1");
    expect(kept.view.slice(0, 8)).not.toBe("SamePref");
  });
});
