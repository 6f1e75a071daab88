import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  GENESIS_HASH,
  canonicalEvent,
  canonicalJson,
  chainHash,
  normaliseDetails,
  type AuditEventFields,
} from "./index.js";

const event: AuditEventFields = {
  occurredAt: new Date("2026-03-04T05:06:07.089Z"),
  actorId: "u_1",
  actorType: "user",
  action: "POST /v1/contracts/:id",
  targetType: "contracts",
  targetId: "c_9",
  requestId: "r-1",
  ip: "127.0.0.1",
  outcome: "success",
  details: { z: [1, { b: 2, a: "é" }], a: null },
};

describe("the canonical event and its hash", () => {
  it("sorts keys at every depth and keeps array order", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { y: 1, x: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[3,{"x":2,"y":1}]},"b":1}',
    );
  });

  // The canonical text is a storage format: old events must keep their hashes, so it is pinned here.
  it("has a fixed field set and hashes sha256(prev_hash ‖ canonical) as hex", () => {
    const text =
      '{"action":"POST /v1/contracts/:id","actorId":"u_1","actorType":"user",' +
      '"details":{"a":null,"z":[1,{"a":"é","b":2}]},"ip":"127.0.0.1","occurredAt":"2026-03-04T05:06:07.089Z",' +
      '"outcome":"success","requestId":"r-1","targetId":"c_9","targetType":"contracts"}';
    expect(canonicalEvent(event)).toBe(text);
    const expected = createHash("sha256")
      .update(Buffer.from(GENESIS_HASH + text, "utf8"))
      .digest("hex");
    expect(chainHash(GENESIS_HASH, event)).toBe(expected);
    expect(chainHash(GENESIS_HASH, { ...event, details: { a: null, z: [1, { b: 2, a: "é" }] } })).toBe(
      expected,
    );
    expect(chainHash("1".repeat(64), event)).not.toBe(expected);
    expect(chainHash(GENESIS_HASH, { ...event, outcome: "denied" })).not.toBe(expected);
  });

  it("hashes details as jsonb will give them back", () => {
    const details = normaliseDetails({ at: new Date(0), gone: undefined, zero: -0, list: [undefined] });
    expect(details).toEqual({ at: "1970-01-01T00:00:00.000Z", zero: 0, list: [null] });
    expect(Object.is(details.zero, 0)).toBe(true);
    expect(normaliseDetails(undefined)).toEqual({});
  });
});
