import { ConfigError } from "@skillpod/config";
import { describe, expect, it } from "vitest";
import { PayoutDeclinedError } from "./payment-provider.js";
import { accountsFromMap, createPaymentProvider } from "./provider-from-config.js";

const base = { sandboxUrl: "http://127.0.0.1:12480", timeoutMs: 5_000 };

describe("createPaymentProvider", () => {
  it("chooses the provider the settings name", () => {
    expect(createPaymentProvider({ ...base, provider: "sandbox" }).name).toBe("sandbox");
    expect(createPaymentProvider({ ...base, provider: "stripe", stripeApiKey: "sk_test_123" }).name).toBe(
      "stripe",
    );
  });

  it("refuses stripe without an API key, naming it", () => {
    for (const stripeApiKey of [undefined, ""]) {
      const attempt = (): unknown => createPaymentProvider({ ...base, provider: "stripe", stripeApiKey });
      expect(attempt).toThrow(ConfigError);
      expect(attempt).toThrow(/stripeApiKey/);
    }
  });
});

describe("accountsFromMap", () => {
  it("resolves known freelancers and declines unknown ones for good", async () => {
    const resolve = accountsFromMap({ u_ada: "acct_ada" });
    await expect(resolve("u_ada")).resolves.toBe("acct_ada");
    await expect(resolve("u_bob")).rejects.toBeInstanceOf(PayoutDeclinedError);
    await expect(resolve("toString")).rejects.toBeInstanceOf(PayoutDeclinedError);
  });
});
