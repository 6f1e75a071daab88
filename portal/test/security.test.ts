// The sign-in never reaches script or a URL, the headers hold, and another user's contract is "not found".
import { launchChromium } from "@skillpod/testkit";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { portalUrl, signUp, type Person } from "./people.js";

let browser: Browser;
let person: Person;

beforeAll(async () => {
  browser = await launchChromium();
  person = await signUp(browser, "client");
});

afterAll(async () => {
  await browser?.close();
});

describe("the portal's sign-in", () => {
  it("lives only in httpOnly SameSite cookies: nothing in storage, nothing in script's cookies or the URL", async () => {
    const { page, context } = person;
    await page.goto("/contracts");
    const cookies = await context.cookies();
    const signIn = cookies.filter((c) => c.name.startsWith("skp_portal_"));
    expect(signIn.map((c) => c.name).sort()).toEqual(["skp_portal_access", "skp_portal_refresh"]);
    for (const cookie of signIn) expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    const stored = await page.evaluate(() => ({
      local: JSON.stringify({ ...localStorage }),
      session: JSON.stringify({ ...sessionStorage }),
      cookie: document.cookie,
    }));
    for (const text of Object.values(stored)) expect(text).not.toMatch(/eyJ|skp_portal|skp_refresh/);
    expect(page.url()).not.toMatch(/token|ticket|eyJ/);
  });

  it("refreshes an expired access cookie on the next page, and signs out for good", async () => {
    const { page, context } = person;
    await context.clearCookies({ name: "skp_portal_access" });
    await page.goto("/contracts");
    expect(new URL(page.url()).pathname).toBe("/contracts");
    expect((await context.cookies()).some((c) => c.name === "skp_portal_access")).toBe(true);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(`${portalUrl()}/`);
    expect((await context.cookies()).filter((c) => c.name.startsWith("skp_portal_"))).toEqual([]);
    // The redirect comes while the page streams (a loading state was already sent), so it lands client-side.
    await page.goto("/contracts");
    await page.waitForURL((url) => url.pathname === "/sign-in");
  });
});

describe("headers and other people's objects", () => {
  it("sends a Content-Security-Policy without eval and the other security headers", async () => {
    const response = await fetch(`${portalUrl()}/sign-in`);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(response.headers.get("x-powered-by")).toBeNull();
  });

  it("shows another user's (or a made-up) contract as not found", async () => {
    const { page } = await signUp(browser, "freelancer");
    // The page streams (its loading state first), so the status is sent before the API's 404 is known; what
    // the person sees is the not-found page, and nothing of the contract.
    await page.goto("/contracts/c-not-yours-0000");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Not found");
  });

  it("sends a signed-out visitor of a private page to sign in, and back after", async () => {
    const page = await browser.newPage({ baseURL: portalUrl() });
    await page.goto("/wallet");
    await page.waitForURL(`${portalUrl()}/sign-in?next=%2Fwallet`);
    await page.getByLabel("Email").fill(person.email);
    await page.getByLabel("Password", { exact: true }).fill(person.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${portalUrl()}/wallet`);
    await page.close();
  });

  it("refuses an absolute next= after sign-in (no open redirect)", async () => {
    const page = await browser.newPage({ baseURL: portalUrl() });
    await page.goto("/sign-in?next=//evil.example/");
    await page.getByLabel("Email").fill(person.email);
    await page.getByLabel("Password", { exact: true }).fill(person.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${portalUrl()}/`);
    await page.close();
  });
});
