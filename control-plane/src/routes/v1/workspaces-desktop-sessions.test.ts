import { describe, expect, it } from "vitest";
import { desktopUrl } from "./workspaces-desktop-sessions.js";

describe("desktopUrl", () => {
  it("puts the ticket in the gateway URL's query, keeping what is there", () => {
    expect(desktopUrl("ws://127.0.0.1:8081/v1/desktop", "a_b-c")).toBe(
      "ws://127.0.0.1:8081/v1/desktop?ticket=a_b-c",
    );
    expect(desktopUrl("wss://desk.example/v1/desktop?region=eu", "t")).toBe(
      "wss://desk.example/v1/desktop?region=eu&ticket=t",
    );
  });
});
