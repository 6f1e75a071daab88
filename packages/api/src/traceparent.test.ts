import { describe, expect, it } from "vitest";
import { traceparentAnnotation } from "./constants.js";
import { formatTraceparent, parseTraceparent, traceparentAnnotations } from "./traceparent.js";

const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
const spanId = "00f067aa0ba902b7";

describe("traceparent", () => {
  it("formats a span context as version 00 with two-digit flags", () => {
    expect(formatTraceparent({ traceId, spanId, traceFlags: 1 })).toBe(`00-${traceId}-${spanId}-01`);
    expect(formatTraceparent({ traceId, spanId, traceFlags: 0 })).toBe(`00-${traceId}-${spanId}-00`);
  });

  it("formats nothing for the invalid context of a missing span", () => {
    expect(formatTraceparent({ traceId: "0".repeat(32), spanId: "0".repeat(16), traceFlags: 0 })).toBe(
      undefined,
    );
    expect(formatTraceparent({ traceId: "xyz", spanId, traceFlags: 1 })).toBe(undefined);
  });

  it("parses what it formats", () => {
    const value = formatTraceparent({ traceId, spanId, traceFlags: 1 });
    expect(parseTraceparent(value)).toEqual({ traceId, spanId, traceFlags: 1 });
  });

  it("reads the fields of a later version and ignores what it appends", () => {
    expect(parseTraceparent(`cc-${traceId}-${spanId}-09-what-the-future-adds`)).toEqual({
      traceId,
      spanId,
      traceFlags: 9,
    });
  });

  it.each([
    ["missing", undefined],
    ["empty", ""],
    ["version ff", `ff-${traceId}-${spanId}-01`],
    ["zero trace id", `00-${"0".repeat(32)}-${spanId}-01`],
    ["zero span id", `00-${traceId}-${"0".repeat(16)}-01`],
    ["upper-case hex", `00-${traceId.toUpperCase()}-${spanId}-01`],
    ["short trace id", `00-${traceId.slice(1)}-${spanId}-01`],
    ["version 00 with more fields", `00-${traceId}-${spanId}-01-extra`],
    ["surrounding text", ` 00-${traceId}-${spanId}-01`],
    ["not hex flags", `00-${traceId}-${spanId}-0g`],
  ])("refuses a %s value", (_, value) => {
    expect(parseTraceparent(value)).toBe(undefined);
  });

  it("annotates with a valid span only", () => {
    expect(traceparentAnnotations({ traceId, spanId, traceFlags: 1 })).toEqual({
      [traceparentAnnotation]: `00-${traceId}-${spanId}-01`,
    });
    expect(traceparentAnnotations(undefined)).toEqual({});
    expect(traceparentAnnotations({ traceId: "0".repeat(32), spanId, traceFlags: 1 })).toEqual({});
  });
});
