// The other ways a milestone goes, in Chromium, with a client and a freelancer who signed up in the portal:
// the client asks for changes, the freelancer sends again, the client opens a dispute, an admin resolves it
// for the freelancer from the disputes queue; an auditor then verifies the audit trail's chain.
import { accountOf, buildWorld, launchChromium, useApi, type World } from "@skillpod/testkit";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { pageErrors, signIn, signUp, type Person } from "./people.js";

let browser: Browser;
let client: Person;
let freelancer: Person;
let world: World;

const contractUrl = (): string => `/contracts/${world.contractId}`;

beforeAll(async () => {
  useApi(inject("portal").apiUrl);
  browser = await launchChromium();
  [client, freelancer] = await Promise.all([signUp(browser, "client"), signUp(browser, "freelancer")]);
  // The hire itself is the other journey's subject: here it is made over the API for these two people.
  world = await buildWorld({
    client: await accountOf("client", client.email, client.password),
    freelancer: await accountOf("freelancer", freelancer.email, freelancer.password),
  });
});

afterAll(async () => {
  await browser?.close();
});

async function submitWork(note: string): Promise<void> {
  const { page } = freelancer;
  await page.goto(contractUrl());
  await page.getByRole("button", { name: "Submit work" }).first().click();
  await page.getByLabel("Note to the client").fill(note);
  await page.getByRole("button", { name: "Send for review" }).click();
  await expect
    .poll(() => page.getByText("Submitted", { exact: true }).count(), { timeout: 30_000 })
    .toBeGreaterThan(0);
}

async function badgeCount(page: Page, text: string): Promise<number> {
  return page.locator(".ui-badge", { hasText: text }).count();
}

describe("changes requested, a dispute and its resolution, and the audit trail", () => {
  it("lets the client ask for changes, which puts the milestone back with the freelancer", async () => {
    await submitWork("First version of part 1.");
    const { page } = client;
    await page.goto(contractUrl());
    await page.getByRole("button", { name: "Request changes" }).first().click();
    await page.getByLabel("What needs to change").fill("The export button is missing.");
    await page.getByRole("button", { name: "Send request" }).click();
    await expect.poll(() => badgeCount(page, "Changes requested"), { timeout: 30_000 }).toBe(1);
    await freelancer.page.goto(contractUrl());
    await expect.poll(() => badgeCount(freelancer.page, "Changes requested")).toBe(1);
  });

  it("lets the client open a dispute on the second submission", async () => {
    await submitWork("Second version, with the export button.");
    const { page } = client;
    await page.goto(contractUrl());
    await page.getByRole("button", { name: "Open a dispute" }).first().click();
    await page.getByLabel("What went wrong").fill("The export still fails on large files.");
    await page.getByRole("button", { name: "Open dispute" }).click();
    await expect.poll(() => badgeCount(page, "Disputed"), { timeout: 30_000 }).toBe(1);
  });

  it("lets an admin find it in the disputes queue and resolve it for the freelancer", async () => {
    const page = await signIn(browser, world.people.admin.email, world.people.admin.password);
    await page.goto("/admin/disputes");
    await page.locator(`a[href="${contractUrl()}/dispute"]`).first().click();
    await page.getByRole("button", { name: "Resolve dispute" }).first().click();
    await page.getByLabel("Resolve for").selectOption("freelancer");
    await page.getByLabel("Note to both parties").fill("The export works on the files given in the brief.");
    await page.getByRole("button", { name: "Confirm resolution" }).click();
    await freelancer.page.goto(contractUrl());
    await expect
      .poll(async () => (await freelancer.page.reload(), badgeCount(freelancer.page, "Disputed")), {
        timeout: 30_000,
        interval: 1000,
      })
      .toBe(0);
    expect(await badgeCount(freelancer.page, "Approved")).toBe(1);
    expect(pageErrors.get(page)).toEqual([]);
  });

  it("lets an auditor verify the audit trail's chain", async () => {
    const page = await signIn(browser, world.people.auditor.email, world.people.auditor.password);
    await page.goto("/admin/audit");
    await page.getByRole("button", { name: "Verify the chain" }).click();
    await expect
      // The API walks every event since the last signed checkpoint: after a whole test run, a long chain.
      .poll(() => page.getByRole("status").filter({ hasText: "Chain verified" }).count(), {
        timeout: 150_000,
      })
      .toBe(1);
    expect(await page.getByText("Chain broken").count()).toBe(0);
    expect(pageErrors.get(page)).toEqual([]);
  });

  it("ran the parties' pages without a script error or a failed request", () => {
    for (const person of [client, freelancer]) expect(pageErrors.get(person.page)).toEqual([]);
  });
});
