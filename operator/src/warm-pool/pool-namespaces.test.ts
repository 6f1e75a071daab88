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

  it("never keeps a pool where the operator does not watch", () => {
    const c = classFixture({ warmPool: { size: 1, namespaces: ["team", "other"] } });
    const found = poolNamespaces(c, "team");
    expect(found.namespaces).toEqual(["team"]);
    expect(found.note).toMatch(/in team only/);
  });
});
