import { describe, expect, it } from "vitest";
import { csvColumns, csvRow, exportLines, ndjsonLine, type AuditEventView } from "./index.js";

const event: AuditEventView = {
  id: "42",
  occurredAt: "2026-03-04T05:06:07.089Z",
  actorType: "user",
  actorId: "u_1",
  action: 'say "hi", twice',
  targetType: null,
  targetId: "line\r\nbreak",
  requestId: null,
  ip: "127.0.0.1",
  outcome: "success",
  details: { b: [1, "x,y"], a: null },
  prevHash: "0".repeat(64),
  hash: "f".repeat(64),
};

async function collect(lines: AsyncIterable<string>): Promise<string> {
  let text = "";
  for await (const line of lines) text += line;
  return text;
}

async function* once(view: AuditEventView): AsyncGenerator<AuditEventView> {
  await Promise.resolve();
  yield view;
}

describe("the audit export format", () => {
  it("quotes cells holding commas, quotes or line breaks and leaves nulls empty", () => {
    expect(csvRow(event)).toBe(
      `42,2026-03-04T05:06:07.089Z,user,u_1,"say ""hi"", twice",,"line\r\nbreak",,127.0.0.1,success,` +
        `"{""b"":[1,""x,y""],""a"":null}",${"0".repeat(64)},${"f".repeat(64)}\r\n`,
    );
  });

  it("writes NDJSON with the view's fields in a fixed order, whatever the input object's order", () => {
    const shuffled = Object.fromEntries(Object.entries(event).reverse()) as AuditEventView;
    const extra = { ...event, internal: "not exported" } as AuditEventView;
    expect(ndjsonLine(shuffled)).toBe(ndjsonLine(event));
    expect(ndjsonLine(extra)).toBe(ndjsonLine(event));
    expect(Object.keys(JSON.parse(ndjsonLine(shuffled)) as object)).toEqual([...csvColumns]);
  });

  it("starts a CSV export with the header and an NDJSON export with the first event", async () => {
    expect(await collect(exportLines(once(event), "csv"))).toBe(
      `${csvColumns.join(",")}\r\n${csvRow(event)}`,
    );
    expect(await collect(exportLines(once(event), "ndjson"))).toBe(ndjsonLine(event));
  });
});
