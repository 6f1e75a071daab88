import { describe, expect, it } from "vitest";
import { liveSocketUrl } from "./live-socket-url";

describe("liveSocketUrl", () => {
  it("puts the API's path on its public address, as ws or wss", () => {
    expect(liveSocketUrl("/v1/live", "http://127.0.0.1:3000")).toBe("ws://127.0.0.1:3000/v1/live");
    expect(liveSocketUrl("/v1/live", "https://api.skillpod.dev/base")).toBe("wss://api.skillpod.dev/v1/live");
  });
  it("keeps an absolute URL the API gave", () => {
    expect(liveSocketUrl("wss://live.skillpod.dev/v1/live", "https://api.skillpod.dev")).toBe(
      "wss://live.skillpod.dev/v1/live",
    );
  });
});
