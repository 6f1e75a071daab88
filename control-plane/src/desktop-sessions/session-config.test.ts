// The desktop-session keys of the control plane's config: a ticket never lives past 30 s, and the gateway URL
// the API hands out is a WebSocket URL.
import { ConfigError } from "@skillpod/config";
import { describe, expect, it } from "vitest";
import { loadControlPlaneConfig } from "../config.js";

const required = {
  APP_DATABASE_URL: "postgres://app@127.0.0.1:5432/skillpod",
  REDIS_URL: "redis://127.0.0.1:6379",
  TEMPORAL_ADDRESS: "127.0.0.1:7233",
  MFA_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64"),
  INTERNAL_API_TOKEN: "t".repeat(32),
};

describe("desktop-session config", () => {
  it("defaults to a 20 s ticket and the local gateway", () => {
    const config = loadControlPlaneConfig(required);
    expect(config.DESKTOP_TICKET_TTL_SECONDS).toBe(20);
    expect(config.GATEWAY_PUBLIC_URL).toBe("ws://127.0.0.1:8081/v1/desktop");
  });

  it("accepts up to 30 s and a wss URL", () => {
    const config = loadControlPlaneConfig({
      ...required,
      DESKTOP_TICKET_TTL_SECONDS: "30",
      GATEWAY_PUBLIC_URL: "wss://desktop.skillpod.example/v1/desktop",
    });
    expect(config.DESKTOP_TICKET_TTL_SECONDS).toBe(30);
  });

  it("refuses a longer ticket and a URL that is no WebSocket", () => {
    expect(() => loadControlPlaneConfig({ ...required, DESKTOP_TICKET_TTL_SECONDS: "31" })).toThrow(
      ConfigError,
    );
    expect(() => loadControlPlaneConfig({ ...required, DESKTOP_TICKET_TTL_SECONDS: "0" })).toThrow(
      ConfigError,
    );
    expect(() =>
      loadControlPlaneConfig({ ...required, GATEWAY_PUBLIC_URL: "https://desktop.skillpod.example/" }),
    ).toThrow(ConfigError);
  });
});
