// Sign-in, search, propose and fund with the keyboard alone: Tab to a control (never a click), type, and
// press Enter or Space. A control that cannot be reached or worked this way fails here.
import { buildWorld, launchChromium, postJob, useApi, type World } from "@skillpod/testkit";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { newPage } from "./people.js";

let browser: Browser;
let world: World;

/** The focused element's name as a person hears it: its label for a field, its text for a button or link. */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement & { labels?: NodeListOf<HTMLLabelElement> };
    const label = el.labels?.[0]?.textContent ?? el.getAttribute("aria-label") ?? el.textContent ?? "";
    return label.replace(/\s+/g, " ").trim();
  });
}

/** Presses Tab until the focus is on the control whose name starts with `name`. */
async function tabTo(page: Page, name: string, limit = 120): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    if ((await focusedName(page)).startsWith(name)) return;
  }
  throw new Error(`Tab never reached "${name}" on ${page.url()}`);
}

async function signInByKeyboard(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  await tabTo(page, "Email");
  await page.keyboard.type(email);
  await tabTo(page, "Password");
  await page.keyboard.type(password);
  await page.keyboard.press("Enter");
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
}

beforeAll(async () => {
  useApi(inject("portal").apiUrl);
  [browser, world] = await Promise.all([launchChromium(), buildWorld()]);
});

afterAll(async () => {
  await browser?.close();
});

describe("with the keyboard only", () => {
  let freelancer: Page;
  let client: Page;

  it("signs in", async () => {
    freelancer = (await newPage(browser)).page;
    await signInByKeyboard(freelancer, world.people.freelancer.email, world.people.freelancer.password);
    client = (await newPage(browser)).page;
    await signInByKeyboard(client, world.people.client.email, world.people.client.password);
    expect(new URL(client.url()).pathname).toBe("/");
  });

  it("searches jobs and opens one", async () => {
    await freelancer.goto("/jobs");
    await tabTo(freelancer, "Search jobs");
    await freelancer.keyboard.type("Portal world");
    await freelancer.keyboard.press("Enter");
    await freelancer.waitForURL(/[?&]q=Portal/);
    await tabTo(freelancer, "Portal world");
    await freelancer.keyboard.press("Enter");
    await freelancer.waitForURL(/\/jobs\/[^/?]+$/);
  });

  it("proposes with a milestone", async () => {
    // A second job of the world's client, so this freelancer has not proposed on it yet.
    const job = await postJob(world.people.client, "Keyboard job");
    await freelancer.goto(`/jobs/${job.id}/propose`);
    await tabTo(freelancer, "Milestone title");
    await freelancer.keyboard.type("The whole job");
    await tabTo(freelancer, "Amount");
    await freelancer.keyboard.type("300");
    await tabTo(freelancer, "Cover letter");
    await freelancer.keyboard.type("Done with the keyboard alone.");
    await tabTo(freelancer, "Send proposal");
    await freelancer.keyboard.press("Enter");
    await freelancer.waitForURL((url) => !url.pathname.endsWith("/propose"));
    await expect
      .poll(() => freelancer.locator("main").textContent(), { timeout: 15_000 })
      .toContain("Keyboard job");
  });

  it("funds the next milestone", async () => {
    await client.goto(`/contracts/${world.contractId}`);
    await tabTo(client, "Fund milestone");
    await client.keyboard.press("Enter");
    await expect
      .poll(() => client.locator(".ui-badge", { hasText: "In progress" }).count(), { timeout: 30_000 })
      .toBe(2);
  });
});
