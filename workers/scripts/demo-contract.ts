// `make dev`'s demo contract: Acme (client@demo) hires Ada (ada@demo) for two milestones; the client's
// wallet is topped up and milestone 1 funded, so a SkillPod is provisioned in tenant-acme. Milestone 2 is
// funded, submitted and approved, so the workers pay it out: GET /v1/wallet then shows Acme's available
// money and milestone 1 in escrow, and Ada's paid-out milestone 2. Safe to re-run: every step is idempotent
// or skipped when already done. Usage: demo-contract.ts <database URL> <Temporal address>
import { ContractRejectedError, ContractsClient } from "@skillpod/contracts-client";
import type { ContractTerms } from "@skillpod/contract-messages";
import { Client, Connection } from "@temporalio/client";
import pg from "pg";
import { deposit, post } from "../src/ledger/index.js";

const [databaseUrl, temporalAddress] = process.argv.slice(2);
if (databaseUrl === undefined || temporalAddress === undefined) {
  throw new Error("usage: demo-contract.ts <postgresql://…> <temporal host:port>");
}

async function userId(pool: pg.Pool, email: string): Promise<string> {
  const result = await pool.query<{ id: string }>("SELECT id::text FROM users WHERE email = $1", [email]);
  const id = result.rows[0]?.id;
  if (id === undefined) throw new Error(`demo user ${email} does not exist (make dev seeds it first)`);
  return id;
}

async function skipIfDone(step: string, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
    console.log(`[demo] ${step}`);
  } catch (error) {
    if (!(error instanceof ContractRejectedError)) throw error;
    console.log(`[demo] ${step}: already done (${error.code})`);
  }
}

const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
const connection = await Connection.connect({ address: temporalAddress });
try {
  const clientId = await userId(pool, "client@demo.skillpod.dev");
  const freelancerId = await userId(pool, "ada@demo.skillpod.dev");
  const day = 24 * 3600 * 1000;
  const terms: ContractTerms = {
    contractId: "demo-acme-ada",
    clientId,
    freelancerId,
    title: "Acme website redesign",
    currency: "EUR",
    platformFeeBps: 1000,
    billing: "FIXED",
    milestones: [
      {
        id: "demo-m1",
        title: "Wireframes",
        amountMinor: 150_000,
        dueAt: new Date(Date.now() + 7 * day).toISOString(),
      },
      {
        id: "demo-m2",
        title: "Build and launch",
        amountMinor: 450_000,
        dueAt: new Date(Date.now() + 21 * day).toISOString(),
      },
    ],
    workspace: { namespace: "tenant-acme", className: "standard-desktop" },
  };
  await post(
    pool,
    deposit({ idempotencyKey: "demo-acme-deposit-1", currency: "EUR", clientId, amountMinor: 1_000_000 }),
  );
  const contracts = new ContractsClient({ client: new Client({ connection }) });
  await contracts.start(terms);
  await skipIfDone("Ada accepted the contract", () =>
    contracts.accept(terms.contractId, { userId: freelancerId, role: "freelancer" }),
  );
  await skipIfDone("Acme funded milestone 1", () =>
    contracts.fund(terms.contractId, { userId: clientId, role: "client" }, "demo-m1"),
  );
  // Money in both wallets: milestone 2 goes all the way to a payout (the workers' PayoutWorkflow).
  const acme = { userId: clientId, role: "client" } as const;
  await skipIfDone("Acme funded milestone 2", () => contracts.fund(terms.contractId, acme, "demo-m2"));
  await skipIfDone("Ada submitted milestone 2", () =>
    contracts.submit(terms.contractId, { userId: freelancerId, role: "freelancer" }, "demo-m2", "Launched"),
  );
  await skipIfDone("Acme approved milestone 2 (paid out to Ada by the workers)", () =>
    contracts.approve(terms.contractId, acme, "demo-m2"),
  );
} finally {
  await connection.close();
  await pool.end();
}
