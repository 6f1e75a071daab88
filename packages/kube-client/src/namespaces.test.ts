import { ApiException } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { isNamespaceNotFound } from "./namespaces.js";

// The bodies as the apiserver sends them: client-node 1.x hands them over as the response text.
const namespaceMissing = JSON.stringify({
  kind: "Status",
  status: "Failure",
  message: 'namespaces "skp-a" not found',
  reason: "NotFound",
  details: { name: "skp-a", kind: "namespaces" },
  code: 404,
});
const objectMissing = JSON.stringify({
  kind: "Status",
  reason: "NotFound",
  details: { name: "ws-1", group: "skillpod.dev", kind: "skillpods" },
  code: 404,
});
const exception = (code: number, body: unknown): ApiException<unknown> =>
  new ApiException(code, "Unknown API Status Code!", body, {});

describe("isNamespaceNotFound", () => {
  it("recognises the apiserver's answer for a missing namespace, as text or parsed", () => {
    expect(isNamespaceNotFound(exception(404, namespaceMissing), "skp-a")).toBe(true);
    expect(isNamespaceNotFound(exception(404, JSON.parse(namespaceMissing)), "skp-a")).toBe(true);
  });

  it("is false for another namespace, a missing object, an unserved resource or another status", () => {
    expect(isNamespaceNotFound(exception(404, namespaceMissing), "skp-b")).toBe(false);
    expect(isNamespaceNotFound(exception(404, objectMissing), "skp-a")).toBe(false);
    expect(isNamespaceNotFound(exception(404, "404 page not found"), "skp-a")).toBe(false);
    expect(isNamespaceNotFound(exception(404, undefined), "skp-a")).toBe(false);
    expect(isNamespaceNotFound(exception(403, namespaceMissing), "skp-a")).toBe(false);
    expect(isNamespaceNotFound(new Error("socket hang up"), "skp-a")).toBe(false);
  });
});
