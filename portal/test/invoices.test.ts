// An hourly contract's weekly statements on /wallet/invoices: the invoice lines the workers' metering
// writes (put here by SQL as the database owner, as the workers would), read through the API's
// /v1/contracts/:id/invoice-lines and shown per week, with the weekly cap said where it cut the bill.
import { account, apiCall, stackEnv, useApi, launchChromium, type Account } from "@skillpod/testkit";
import type { Browser } from "playwright-core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signIn } from "./people.js";

let browser: Browser;
let freelancer: Account;
let contractId: string;
const eur = (amountMinor: number): { amountMinor: number; currency: string } => ({
  amountMinor,
  currency: "EUR",
});

async function hourlyContract(client: Account, worker: Account): Promise<string> {
  const job = await apiCall<{ id: string }>(client.token, "POST /v1/jobs", {
    title: "Hourly support",
    description: "Weekly support hours.",
    category: "devops",
    skills: [],
    billing: "HOURLY",
    duration: "LESS_THAN_MONTH",
    budget: { currency: "EUR", minMinor: 3_000, maxMinor: 6_000 },
    state: "OPEN",
  });
  const proposal = await apiCall<{ id: string }>(worker.token, `POST /v1/jobs/${job.id}/proposals`, {
    coverLetter: "I can do 40 hours a week.",
    bid: eur(5_000),
    milestones: [{ title: "Support", amount: eur(200_000) }],
  });
  const offer = await apiCall<{ id: string }>(client.token, `POST /v1/proposals/${proposal.id}/offers`, {
    billing: "HOURLY",
    hourlyRate: eur(5_000),
    weeklyLimitMinutes: 2_400,
  });
  const accepted = await apiCall<{ contractId: string }>(worker.token, `POST /v1/offers/${offer.id}/accept`);
  return accepted.contractId;
}

async function meteredWeeks(): Promise<void> {
  const owner = new pg.Client({ connectionString: stackEnv("TEST_DATABASE_URL") });
  await owner.connect();
  try {
    await owner.query(
      `INSERT INTO invoice_lines (contract_id, week_start, metered_minutes, billable_minutes, amount_minor, currency, capped)
       VALUES ($1, '2026-11-02', 90, 90, 7500, 'EUR', false), ($1, '2026-11-09', 2700, 2400, 200000, 'EUR', true)`,
      [contractId],
    );
  } finally {
    await owner.end();
  }
}

beforeAll(async () => {
  useApi(inject("portal").apiUrl);
  const client = await account("client");
  freelancer = await account("freelancer");
  [browser, contractId] = await Promise.all([launchChromium(), hourlyContract(client, freelancer)]);
  await meteredWeeks();
});

afterAll(async () => {
  await browser?.close();
});

describe("/wallet/invoices", () => {
  it("shows each metered week of an hourly contract, newest first, with the cap where it applied", async () => {
    const page = await signIn(browser, freelancer.email, freelancer.password);
    await page.goto("/wallet/invoices");
    const table = page.getByRole("table", { name: "Weekly statements of Hourly support" });
    await table.waitFor();
    const rows = await table.locator("tbody tr").allTextContents();
    expect(rows).toEqual([
      "9 Nov 202645 h40 h (weekly cap reached)€2,000.00",
      "2 Nov 20261 h 30 min1 h 30 min€75.00",
    ]);
  });
});
