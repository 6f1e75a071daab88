import type { SkillPod } from "@skillpod/api";
import { describe, expect, it } from "vitest";
import { OwnWrites } from "./own-writes.js";

const at = (resourceVersion: string): SkillPod =>
  ({ metadata: { namespace: "t", name: "a", resourceVersion }, spec: {} }) as SkillPod;

describe("OwnWrites", () => {
  it("answers our copy while the cache holds a version our writes replaced, then the cache's", () => {
    const writes = new OwnWrites();
    writes.record(at("1"), at("2"));
    writes.record(at("2"), at("3"));
    expect(writes.fresher("t", "a", at("1"))?.metadata?.resourceVersion).toBe("3");
    expect(writes.fresher("t", "a", at("2"))?.metadata?.resourceVersion).toBe("3");
    // The cache caught up (or someone else wrote since): its copy wins and the record goes.
    expect(writes.fresher("t", "a", at("3"))?.metadata?.resourceVersion).toBe("3");
    expect(writes.fresher("t", "a", at("1"))?.metadata?.resourceVersion).toBe("1");
  });

  it("leaves a copy written by someone else alone, and forgets a deleted object", () => {
    const writes = new OwnWrites();
    writes.record(at("5"), at("6"));
    expect(writes.fresher("t", "a", at("9"))?.metadata?.resourceVersion).toBe("9");
    writes.record(at("9"), at("10"));
    expect(writes.fresher("t", "a", undefined)).toBeUndefined();
    expect(writes.fresher("t", "a", at("9"))?.metadata?.resourceVersion).toBe("9");
  });

  it("forgets records older than a minute, so SkillPods left alone hold no copy in memory", () => {
    let now = 0;
    const writes = new OwnWrites(() => now);
    const other = { metadata: { namespace: "t", name: "b", resourceVersion: "1" }, spec: {} } as SkillPod;
    writes.record(at("1"), at("2"));
    now = 61_000;
    writes.record(other, { ...other, metadata: { ...other.metadata, resourceVersion: "2" } });
    expect(writes.size).toBe(1);
    expect(writes.fresher("t", "a", at("1"))?.metadata?.resourceVersion).toBe("1");
  });
});
