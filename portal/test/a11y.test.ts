// axe-core on every page of the portal, as each kind of person who can open it, in both themes for the
// signed-in pages; plus the states a page scan misses: a dialog open, a form showing its errors.
import { buildWorld, launchChromium, useApi, type World } from "@skillpod/testkit";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { a11yRoutes, type Visitor } from "./a11y-routes.js";

import { seriousViolations, type Violation } from "./axe.js";
import { newPage, signIn } from "./people.js";
import { portalPages } from "./portal-routes.js";

let browser: Browser;
let world: World;
const pages = new Map<Visitor, Page>();

async function pageFor(visitor: Visitor): Promise<Page> {
  const known = pages.get(visitor);
  if (known) return known;
  const page =
    visitor === "anonymous"
      ? (await newPage(browser)).page
      : await signIn(browser, world.people[visitor].email, world.people[visitor].password);
  pages.set(visitor, page);
  return page;
}

async function audit(page: Page, url: string): Promise<{ status: number; violations: Violation[] }> {
  const response = await page.goto(url);
  await page.waitForLoadState("load");
  return { status: response?.status() ?? 0, violations: await seriousViolations(page) };
}

beforeAll(async () => {
  useApi(inject("portal").apiUrl);
  [browser, world] = await Promise.all([launchChromium(), buildWorld()]);
});

afterAll(async () => {
  await browser?.close();
});

describe("the accessibility list", () => {
  it("names every page of the app, and no page that is gone", () => {
    const listed = Object.keys(a11yRoutes).sort();
    expect(portalPages()).toEqual(listed);
  });
});

describe("every page, as everyone who can open it", () => {
  for (const [route, visit] of Object.entries(a11yRoutes)) {
    for (const visitor of visit.as) {
      it(`${route} as ${visitor}: no serious or critical violation`, async () => {
        const page = await pageFor(visitor);
        const result = await audit(page, visit.url(world));
        expect(result.status, `${route} answered ${result.status}`).toBeLessThan(400);
        // The page itself was checked, not where a redirect took the browser.
        expect(new URL(page.url()).pathname).toBe(new URL(visit.url(world), page.url()).pathname);
        expect(result.violations).toEqual([]);
      });
    }
  }
});

describe("the dark theme", () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    page = await signIn(browser, world.people.client.email, world.people.client.password);
    context = page.context();
    await context.addCookies([{ name: "skp_theme", value: "dark", url: page.url() }]);
  });

  for (const route of ["/", "/jobs", "/contracts/[contractId]", "/wallet", "/workspaces", "/messages"]) {
    it(`${route} in dark: no serious or critical violation`, async () => {
      const result = await audit(page, a11yRoutes[route]?.url(world) ?? route);
      expect(await page.getAttribute("html", "data-theme")).toBe("dark");
      expect(result.violations).toEqual([]);
    });
  }
});

describe("states a page scan does not reach", () => {
  it("the sign-in form showing the API's errors", async () => {
    const { page } = await newPage(browser);
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill("not-an-account@portal.skillpod.test");
    await page.getByLabel("Password", { exact: true }).fill("wrong password");
    await page.getByRole("button", { name: "Sign in" }).click();
    // Next's route announcer is an alert too: wait for the form's own.
    await page.getByRole("alert").filter({ hasText: "That email and password do not match" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("the sign-up form with every field refused", async () => {
    const { page } = await newPage(browser);
    await page.goto("/sign-up");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("alert").filter({ hasText: "Some fields need another look." }).waitFor();
    expect(await page.locator('[aria-invalid="true"]').count()).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("a dialog open on the contract room", async () => {
    const page = await pageFor("client");
    await page.goto(`/contracts/${world.contractId}`);
    await page
      .getByRole("button", { name: /dispute/i })
      .first()
      .click();
    await page.getByRole("dialog").waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
