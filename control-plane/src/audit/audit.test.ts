import { csvCell } from "@skillpod/audit-format";
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { outcomeOf, targetOf } from "../plugins/app/audit.js";
import { decodeCursor, encodeCursor } from "./query.js";
import { createAuditSigner, type CheckpointClaims } from "./signing.js";

describe("CSV cells", () => {
  it.each([
    [null, ""],
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["=1+1", "'=1+1"],
    ["+31 20", "'+31 20"],
    ["-5", "'-5"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=cmd", "'\t=cmd"],
    ['=HYPERLINK("x","y")', '"\'=HYPERLINK(""x"",""y"")"'],
  ])("writes %j as %j", (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });
});

describe("cursors", () => {
  it("round-trips an id and rejects anything else as SKP_AUDIT_INVALID_CURSOR", () => {
    expect(decodeCursor(encodeCursor(9_007_199_254_740_993n))).toBe(9_007_199_254_740_993n);
    for (const bad of ["", "bm9wZQ", encodeCursor(0n), Buffer.from("-1").toString("base64url")])
      expect(() => decodeCursor(bad)).toThrow(expect.objectContaining({ code: "SKP_AUDIT_INVALID_CURSOR" }));
  });
});

describe("automatic audit fields", () => {
  it("maps statuses to outcomes", () => {
    expect([200, 201, 204, 302, 400, 401, 403, 404, 429, 500].map(outcomeOf)).toEqual([
      "success",
      "success",
      "success",
      "success",
      "failure",
      "denied",
      "denied",
      "failure",
      "failure",
      "failure",
    ]);
  });

  it("takes the target from the last path parameter that is not a secret", () => {
    expect(targetOf("/v1/contracts/:id", { id: "c1" })).toEqual({ targetType: "contracts", targetId: "c1" });
    expect(targetOf("/v1/contracts/:id/milestones/:milestoneId", { id: "c1", milestoneId: "m2" })).toEqual({
      targetType: "milestones",
      targetId: "m2",
    });
    expect(targetOf("/v1/users/:id/password-resets/:resetToken", { id: "u1", resetToken: "s3cret" })).toEqual(
      {
        targetType: "users",
        targetId: "u1",
      },
    );
    expect(targetOf("/v1/auth/login", {})).toEqual({ targetType: null, targetId: null });
    expect(
      targetOf(
        "/v1/contracts/:id/milestones/:milestoneId",
        { id: "c1", milestoneId: "m2" },
        {
          targetParam: "id",
          targetType: "contract",
        },
      ),
    ).toEqual({ targetType: "contract", targetId: "c1" });
  });
});

describe("checkpoint signatures", () => {
  const pem = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const signer = createAuditSigner(pem);
  const claims: CheckpointClaims = {
    upToEventId: 42n,
    lastHash: "a".repeat(64),
    archivedCount: 42,
    keyId: signer.keyId,
    createdAt: new Date("2026-01-01T00:00:00.000Z"),
  };

  it("verifies its own signatures and nothing that was changed or signed by another key", () => {
    const signature = signer.sign(claims);
    expect(signer.verify(claims, signature)).toBe(true);
    expect(signer.verify({ ...claims, lastHash: "b".repeat(64) }, signature)).toBe(false);
    expect(signer.verify({ ...claims, archivedCount: 41 }, signature)).toBe(false);
    const other = createAuditSigner(undefined);
    expect(other.ephemeral).toBe(true);
    expect(signer.verify(claims, other.sign(claims))).toBe(false);
  });

  it("derives the key id from the key (RFC 7638) and refuses keys that are not Ed25519", () => {
    expect(createAuditSigner(pem).keyId).toBe(signer.keyId);
    expect(signer.publicJwk).toMatchObject({ kty: "OKP", crv: "Ed25519", kid: signer.keyId });
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
      type: "pkcs8",
      format: "pem",
    });
    expect(() => createAuditSigner(rsa.toString())).toThrow(/Ed25519/);
  });
});
