import { describe, expect, it } from "vitest";
import { waitFromPrefer } from "./wallet-workflows.js";
import { csvCell } from "./transactions.js";

describe("csvCell", () => {
  it("quotes what RFC 4180 needs quoted, doubling quotes", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('say "hi", then\r\nleave')).toBe('"say ""hi"", then\r\nleave"');
    expect(csvCell(null)).toBe("");
  });

  it("defuses text a spreadsheet would run as a formula, but leaves numbers alone", () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    for (const lead of ["+", "-", "@", "\t"]) expect(csvCell(`${lead}1`)).toBe(`'${lead}1`);
    expect(csvCell(-1500)).toBe("-1500");
  });
});

describe("waitFromPrefer", () => {
  it("honours wait=N up to the default and ignores anything else", () => {
    expect(waitFromPrefer(undefined)).toBe(10_000);
    expect(waitFromPrefer("wait=0")).toBe(0);
    expect(waitFromPrefer("respond-async, wait=3")).toBe(3_000);
    expect(waitFromPrefer("wait=600")).toBe(10_000);
    expect(waitFromPrefer("nowait=1")).toBe(10_000);
  });
});
