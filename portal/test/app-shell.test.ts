// What every page shares: two-step sign-in through the portal's form, the web app manifest and its icons
// (installable), and pages that fit a 360 px wide phone without scrolling sideways.
import { account, apiCall, buildWorld, launchChromium, useApi, type World } from "@skillpod/testkit";
import { Secret, TOTP } from "otpauth";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { newPage, portalUrl, signIn } from "./people.js";

let browser: Browser;
let world: World;

beforeAll(async () => {
  useApi(inject("portal").apiUrl);
  [browser, world] = await Promise.all([launchChromium(), buildWorld()]);
});

afterAll(async () => {
  await browser?.close();
});

const codeAt = (secret: string, timestamp: number): string =>
  TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30, timestamp });

describe("two-step sign-in", () => {
  it("asks for the authenticator code, refuses a wrong one and signs in with the right one", async () => {
    const person = await account("freelancer");
    const { secret } = await apiCall<{ secret: string }>(person.token, "POST /v1/auth/mfa/enroll");
    await apiCall(person.token, "POST /v1/auth/mfa/verify", { code: codeAt(secret, Date.now()) });
    const { page } = await newPage(browser);
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(person.email);
    await page.getByLabel("Password", { exact: true }).fill(person.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "Enter the 6-digit code" }).waitFor();
    // The form keeps what was typed: only the code is added.
    expect(await page.getByLabel("Email").inputValue()).toBe(person.email);
    expect(await page.getByLabel("Password", { exact: true }).inputValue()).toBe(person.password);
    await page.getByLabel("Authenticator code").fill("000000");
    await page.getByRole("button", { name: "Sign in" }).click();
    // The form's own alert (Next's route announcer is an alert too), now about the wrong code.
    await page.locator('.ui-notice[role="alert"]').filter({ hasNotText: "Enter the 6-digit code" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    // The next time step's code: the current one was spent on enrolment (a replay is refused).
    await page.getByLabel("Authenticator code").fill(codeAt(secret, Date.now() + 30_000));
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${portalUrl()}/`);
  });
});

describe("installable", () => {
  it("serves a web app manifest whose icons exist", async () => {
    const manifest = (await (await fetch(`${portalUrl()}/manifest.webmanifest`)).json()) as {
      name: string;
      display: string;
      start_url: string;
      icons: { src: string; sizes: string; type: string; purpose?: string }[];
    };
    expect(manifest).toMatchObject({ name: "SkillPod", display: "standalone", start_url: "/" });
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(["192x192", "512x512"]));
    expect(manifest.icons.some((i) => i.purpose === "maskable")).toBe(true);
    for (const icon of manifest.icons) {
      const response = await fetch(`${portalUrl()}${icon.src}`);
      expect(response.status, icon.src).toBe(200);
      expect(response.headers.get("content-type"), icon.src).toContain(icon.type);
    }
    const html = await (await fetch(`${portalUrl()}/sign-in`)).text();
    expect(html).toContain('rel="manifest"');
  });

  it("answers its Pods' probe at /healthz without a sign-in", async () => {
    const response = await fetch(`${portalUrl()}/healthz`, { redirect: "manual" });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("ok\n");
  });
});

describe("on a 360 px wide phone", () => {
  const pages: Record<"freelancer" | "client", string[]> = {
    freelancer: [
      "/",
      "/jobs?q=portal",
      "/for-you",
      "/proposals",
      "/workspaces",
      "/wallet",
      "/messages",
      "/settings",
    ],
    client: ["/my-jobs", "/jobs/new", "/contracts", "/notifications", "/settings/security"],
  };

  async function overflow(page: Page, url: string): Promise<number> {
    await page.goto(url);
    await page.waitForLoadState("load");
    return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  }

  for (const role of ["freelancer", "client"] as const) {
    it(`fits every main page for a ${role}`, async () => {
      const page = await signIn(browser, world.people[role].email, world.people[role].password);
      await page.setViewportSize({ width: 360, height: 740 });
      const contract = `/contracts/${world.contractId}`;
      for (const url of [...pages[role], contract, `${contract}/payments`])
        expect(await overflow(page, url), url).toBe(0);
    });
  }
});
