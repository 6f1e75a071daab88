import { describe, expect, it } from "vitest";
import { SkpError } from "../errors/index.js";
import { decodeCursor, encodeCursor, pageOf } from "./cursor.js";

describe("cursors", () => {
  it("round-trips a sort key", () => {
    expect(decodeCursor(encodeCursor([0.5, "2026-12-07T00:00:00Z", "id"]), 3)).toEqual([
      0.5,
      "2026-12-07T00:00:00Z",
      "id",
    ]);
  });

  it("refuses a cursor of another shape as a 400 naming the field", () => {
    for (const bad of ["%%%", encodeCursor(["a"]), Buffer.from("{}").toString("base64url")]) {
      const error = (() => {
        try {
          decodeCursor(bad, 2);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(SkpError);
      expect((error as SkpError).extensions.errors).toEqual([expect.objectContaining({ field: "cursor" })]);
    }
  });

  it("gives a next cursor only when there is a next page", () => {
    expect(pageOf([1, 2, 3], 2, (n) => [n]).nextCursor).toBe(encodeCursor([2]));
    expect(pageOf([1, 2], 2, (n) => [n]).nextCursor).toBeNull();
  });
});
