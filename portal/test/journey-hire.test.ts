// The whole product in Chromium, each person from a fresh sign-up: a client posts a job, a freelancer finds
// it and proposes, the client compares and makes an offer, the freelancer accepts, the client deposits and
// funds, the workspace appears, the freelancer types into its desktop, the client watches and cannot type,
// the freelancer submits, the client approves, and the payout shows in the freelancer's wallet.
import { differingBlocks, launchChromium, screenOf, terminalOn, typeInTerminal } from "@skillpod/testkit";
import type { Browser, Page } from "playwright-core";
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { desktopHomeOf, readHomeFile } from "./desktop-home.js";
import { pageErrors, signUp, type Person } from "./people.js";

const screenshots = join(import.meta.dirname, "..", "..", ".stack", "screenshots", "portal");
const canvas = "#desktop-screen canvas";
const tag = randomBytes(3).toString("hex");
const jobTitle = `Harbour dashboard ${tag}`;

let browser: Browser;
let client: Person;
let freelancer: Person;
let rival: Person;
const state: { jobUrl?: string; contractUrl?: string; workspaceUrl?: string; home?: string } = {};

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true });
  browser = await launchChromium();
  [client, freelancer, rival] = await Promise.all([
    signUp(browser, "client", `Harbour Ltd ${tag}`),
    signUp(browser, "freelancer", `Grace ${tag}`),
    signUp(browser, "freelancer", `Linus ${tag}`),
  ]);
});

afterAll(async () => {
  await browser?.close();
});

async function propose(person: Person, amounts: [string, string]): Promise<void> {
  const { page } = person;
  await page.goto(`${state.jobUrl}/propose`);
  await page.locator('[name="milestones.0.title"]').fill("Data model and API");
  await page.locator('[name="milestones.0.amount"]').fill(amounts[0]);
  await page.getByRole("button", { name: "Add a milestone" }).click();
  await page.locator('[name="milestones.1.title"]').fill("Dashboard and launch");
  await page.locator('[name="milestones.1.amount"]').fill(amounts[1]);
  await page.getByLabel("Cover letter").fill(`I have built three harbour dashboards. (${person.name})`);
  await page.getByRole("button", { name: "Send proposal" }).click();
  await page.waitForURL((url) => !url.pathname.endsWith("/propose"));
}

describe("a contract from a fresh sign-up to a payout, in the browser", () => {
  it("lets the client post a job", async () => {
    const { page } = client;
    await page.goto("/jobs/new");
    await page.getByLabel("Title").fill(jobTitle);
    await page
      .getByLabel("Description")
      .fill("A live dashboard of ships in the harbour, with alerts for late arrivals.");
    await page.getByLabel("Category").selectOption({ index: 1 });
    await page.getByLabel("Expected duration").selectOption({ index: 1 });
    await page.getByLabel("Currency").selectOption("EUR");
    await page.getByLabel("Budget from").fill("500");
    await page.getByLabel("Budget to").fill("3000");
    await page.getByRole("button", { name: "Post job" }).click();
    await page.waitForURL(/\/my-jobs\/[^/?]+/);
    state.jobUrl = `/jobs/${new URL(page.url()).pathname.split("/").pop()}`;
    await shot(page, "01-job-posted");
  });

  it("lets freelancers find the job by search and propose with milestones", async () => {
    const { page } = freelancer;
    await page.goto("/jobs");
    await page.getByRole("combobox", { name: "Search jobs" }).fill(`harbour ${tag}`);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.getByRole("link", { name: jobTitle }).click();
    await page.waitForURL(`**${state.jobUrl}`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe(jobTitle);
    await shot(page, "02-job-found");
    await propose(freelancer, ["1200", "800"]);
    await propose(rival, ["1500", "900"]);
  });

  it("lets the client compare the two proposals side by side and make an offer", async () => {
    const { page } = client;
    await page.goto(`/my-jobs/${state.jobUrl?.split("/").pop()}`);
    const boxes = page.getByRole("checkbox", { name: /Compare/ });
    await expect.poll(() => boxes.count()).toBe(2);
    for (const box of await boxes.all()) await box.check();
    await page.getByRole("button", { name: "Compare selected" }).click();
    await expect.poll(() => page.getByRole("table").first().textContent()).toContain(freelancer.name);
    expect(await page.getByRole("table").first().textContent()).toContain(rival.name);
    await shot(page, "03-compare");
    await page
      .getByRole("link", { name: `Make an offer to ${freelancer.name}` })
      .first()
      .click();
    await page.getByRole("button", { name: "Send offer" }).click();
    await page.waitForURL((url) => !url.pathname.includes("/offer/"));
  });

  it("lets the freelancer accept the offer, which opens the contract", async () => {
    const { page } = freelancer;
    await page.goto("/offers");
    await page
      .getByRole("link", { name: new RegExp(jobTitle) })
      .first()
      .click();
    await page.getByRole("button", { name: "Accept offer" }).click();
    await page.getByRole("link", { name: "Open the contract" }).click();
    await page.waitForURL(/\/contracts\/[^/]+$/);
    state.contractUrl = new URL(page.url()).pathname;
    await expect.poll(() => page.getByText("Data model and API").count()).toBeGreaterThan(0);
  });

  it("lets the client deposit through the sandbox and fund the first milestone", async () => {
    const { page } = client;
    await page.goto("/wallet");
    await page.getByLabel("Amount to deposit").fill("2500");
    await page.getByLabel("Currency").selectOption("EUR");
    await page.getByRole("button", { name: "Deposit" }).click();
    await expect
      .poll(() => page.getByText("Deposit: succeeded").count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await page.goto(state.contractUrl ?? "/");
    await page.getByRole("button", { name: "Fund milestone" }).first().click();
    await expect.poll(() => page.getByText("In progress").count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await shot(page, "04-funded");
  });

  it("shows the freelancer the milestone's workspace, and what they type lands on the desktop", async () => {
    const { page } = freelancer;
    await page.goto("/workspaces");
    await expect
      .poll(async () => (await page.reload(), page.getByRole("link", { name: "Open" }).count()), {
        timeout: 90_000,
      })
      .toBeGreaterThan(0);
    await page.getByRole("link", { name: "Open" }).first().click();
    await page.waitForURL(/\/desktop$/);
    state.workspaceUrl = new URL(page.url()).pathname;
    const [, , namespace = "", name = ""] = state.workspaceUrl.split("/");
    await page.locator('[data-state="connected"]').waitFor({ timeout: 60_000 });
    const screen = await terminalOn(page, canvas, 60_000);
    state.home = await desktopHomeOf({ namespace, name });
    await typeInTerminal(page, canvas, screen, `echo grace-${tag} > ~/portal-typed`);
    await expect
      .poll(() => readHomeFile(state.home ?? "", "portal-typed"), { timeout: 15_000 })
      .toBe(`grace-${tag}\n`);
    await shot(page, "05-desktop-typed");
  });

  it("lets the client watch the same screen, says so, and drops what the client types", async () => {
    const { page } = client;
    await page.goto("/workspaces");
    await page.getByRole("link", { name: "Watch" }).first().click();
    await page.locator('[data-state="connected"][data-mode="watch"]').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByText("Watch only — you cannot type").count()).toBeGreaterThan(0);
    const screen = await terminalOn(page, canvas, 60_000);
    await typeInTerminal(page, canvas, screen, `echo client-${tag} > ~/portal-watched`);
    await sleep(1500);
    expect(readHomeFile(state.home ?? "", "portal-watched")).toBeUndefined();
    // Both pages draw the same framebuffer once the last update is in.
    await expect
      .poll(
        async () => differingBlocks(await screenOf(page, canvas), await screenOf(freelancer.page, canvas)),
        {
          timeout: 15_000,
        },
      )
      .toBe(0);
    await shot(page, "06-desktop-watched");
  });

  it("lets the freelancer submit and the client approve; the payout shows in the freelancer's wallet", async () => {
    await freelancer.page.goto(state.contractUrl ?? "/");
    await freelancer.page.getByRole("button", { name: "Submit work" }).first().click();
    await freelancer.page.getByLabel("Note to the client").fill("The data model and API are live.");
    await freelancer.page.getByRole("button", { name: "Send for review" }).click();
    await expect
      .poll(() => freelancer.page.getByText("Submitted").count(), { timeout: 30_000 })
      .toBeGreaterThan(0);

    await client.page.goto(state.contractUrl ?? "/");
    await client.page.getByRole("button", { name: "Approve work" }).first().click();
    await client.page.getByRole("button", { name: "Approve and pay" }).click();
    await expect
      .poll(() => client.page.getByText("Approved").count(), { timeout: 30_000 })
      .toBeGreaterThan(0);

    // The platform keeps its fee (10 %): €1,200 approved, €1,080 paid out.
    await expect
      .poll(
        async () => (await freelancer.page.goto("/wallet"), freelancer.page.locator("main").textContent()),
        {
          timeout: 60_000,
          interval: 1000,
        },
      )
      .toContain("€1,080.00");
    await shot(freelancer.page, "07-paid");
  });

  it("ran every page without a script error or a CSP violation", () => {
    for (const person of [client, freelancer, rival]) expect(pageErrors.get(person.page)).toEqual([]);
  });
});
