import { describe, expect, it } from "vitest";
import { classFixture } from "../skillpod/fixtures.test-support.js";
import { poolNamespaces } from "./pool-namespaces.js";

describe("poolNamespaces", () => {
  it("keeps the listed namespaces when the operator watches them all", () => {
    const c = classFixture({ warmPool: { size: 2, namespaces: ["a", "b"] } });
    expect(poolNamespaces(c, undefined)).toEqual({ namespaces: ["a", "b"] });
  });

  it("uses the operator's own namespace when the class lists none", () => {
    expect(poolNamespaces(classFixture({ warmPool: { size: 2 } }), "team")).toEqual({ namespaces: ["team"] });
  });

  it("keeps no pool, and says why, when neither the class nor the operator names a namespace", () => {
    const found = poolNamespaces(classFixture({ warmPool: { size: 2 } }), undefined);
    expect(found.namespaces).toEqual([]);
    expect(found.note).toMatch(/lists no namespaces/);
    expect(poolNamespaces(classFixture(), undefined)).toEqual({ namespaces: [] });
  });

  it("still names the namespaces of a pool that shrank to nothing, so it is emptied there", () => {
    expect(poolNamespaces(classFixture({ warmPool: { size: 0 } }), "team")).toEqual({ namespaces: ["team"] });
  });

  it("keeps no pool for a class whose name cannot be a label value", () => {
    const c = classFixture({ warmPool: { size: 1 } });
    c.metadata = { name: "c".repeat(64) };
    expect(poolNamespaces(c, "team").namespaces).toEqual([]);
  });

  it("never keeps a pool where the operator does not watch", () => {
    const c = classFixture({ warmPool: { size: 1, namespaces: ["team", "other"] } });
    const found = poolNamespaces(c, "team");
    expect(found.namespaces).toEqual(["team"]);
    expect(found.note).toMatch(/in team only/);
  });
});
