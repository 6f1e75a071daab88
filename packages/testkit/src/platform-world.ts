// A world for the portal's browser tests and benchmark to look at, made over the API (the way another client of it would): a
// client and a freelancer with a contract whose first milestone is funded (so its SkillPod is provisioned),
// an admin and an auditor. Roles the API cannot grant (admin, auditor) are set by SQL as the database owner.
import pg from "pg";
import { randomBytes, randomUUID } from "node:crypto";
import { stackEnv } from "./stack-env.js";
import { waitFor } from "./wait-for.js";

export type Role = "freelancer" | "client" | "admin" | "auditor";
export type Account = { role: Role; email: string; password: string; userId: string; token: string };

const accountTypes: Record<Role, string> = {
  freelancer: "FREELANCER",
  client: "CLIENT",
  admin: "FREELANCER",
  auditor: "FREELANCER",
};

let apiBase = "http://127.0.0.1:3000";

/** Where the world's calls go: the platform's API (startPlatform's apiUrl). */
export function useApi(url: string): void {
  apiBase = url;
}

/** `request` is "METHOD /path"; a non-2xx answer throws with its body. */
export async function apiCall<T>(
  token: string | undefined,
  request: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const [method = "GET", path = "/"] = request.split(" ");
  const response = await fetch(`${apiBase}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

async function grantRole(userId: string, role: Role): Promise<void> {
  const owner = new pg.Client({ connectionString: stackEnv("TEST_DATABASE_URL") });
  await owner.connect();
  try {
    await owner.query("UPDATE users SET roles = ARRAY[$2] WHERE id = $1", [userId, role]);
  } finally {
    await owner.end();
  }
}

export async function account(role: Role): Promise<Account> {
  const tag = randomBytes(4).toString("hex");
  const email = `${role}-${tag}@portal.skillpod.test`;
  const password = `portal-test-${tag}-password`;
  const registered = await apiCall<{ id: string }>(undefined, "POST /v1/auth/register", {
    email,
    password,
    accountType: accountTypes[role],
    displayName: `${role[0]?.toUpperCase()}${role.slice(1)} ${tag}`,
  });
  if (role === "admin" || role === "auditor") await grantRole(registered.id, role);
  const { accessToken } = await apiCall<{ accessToken: string }>(undefined, "POST /v1/auth/login", {
    email,
    password,
  });
  return { role, email, password, userId: registered.id, token: accessToken };
}

export type World = {
  people: Record<Role, Account>;
  jobId: string;
  proposalId: string;
  offerId: string;
  contractId: string;
  freelancerHandle: string;
  conversationId: string;
  workspace: { namespace: string; name: string };
};

type Contract = { id: string; state: string; milestones: { id: string; state: string }[] };
const eur = (amountMinor: number): { amountMinor: number; currency: string } => ({
  amountMinor,
  currency: "EUR",
});

/** An open fixed-price job of `client` (EUR 100–500), as the job form would post it. */
export function postJob(client: Account, title: string): Promise<{ id: string }> {
  return apiCall<{ id: string }>(client.token, "POST /v1/jobs", {
    title,
    description: "A job the portal's browser tests look at.",
    category: "devops",
    skills: [],
    billing: "FIXED",
    duration: "LESS_THAN_MONTH",
    budget: { currency: "EUR", minMinor: 10_000, maxMinor: 50_000 },
    state: "OPEN",
  });
}

async function hire(
  people: Record<Role, Account>,
): Promise<Omit<World, "people" | "conversationId" | "workspace" | "freelancerHandle">> {
  const { client, freelancer } = people;
  const job = await postJob(client, `Portal world ${randomUUID().slice(0, 8)}`);
  const proposal = await apiCall<{ id: string }>(freelancer.token, `POST /v1/jobs/${job.id}/proposals`, {
    coverLetter: "I will do both parts.",
    bid: eur(30_000),
    milestones: [
      { title: "Part 1", amount: eur(20_000) },
      { title: "Part 2", amount: eur(10_000) },
    ],
  });
  const offer = await apiCall<{ id: string }>(client.token, `POST /v1/proposals/${proposal.id}/offers`, {});
  const { contractId } = await apiCall<{ contractId: string }>(
    freelancer.token,
    `POST /v1/offers/${offer.id}/accept`,
  );
  return { jobId: job.id, proposalId: proposal.id, offerId: offer.id, contractId };
}

async function fundFirstMilestone(client: Account, contractId: string): Promise<void> {
  await apiCall(
    client.token,
    "POST /v1/wallet/deposits",
    { amount: eur(100_000) },
    { "idempotency-key": randomUUID() },
  );
  const contract = await waitFor("the contract to be active", async () => {
    const c = await apiCall<Contract>(client.token, `GET /v1/contracts/${contractId}`);
    return c.state === "active" ? c : false;
  });
  await apiCall(
    client.token,
    `POST /v1/contracts/${contractId}/milestones/${contract.milestones[0]?.id}/fund`,
  );
}

/** An account someone made elsewhere (a browser sign-up), signed in over the API. */
export async function accountOf(role: Role, email: string, password: string): Promise<Account> {
  const { accessToken } = await apiCall<{ accessToken: string }>(undefined, "POST /v1/auth/login", {
    email,
    password,
  });
  const me = await apiCall<{ id: string }>(accessToken, "GET /v1/me");
  return { role, email, password, userId: me.id, token: accessToken };
}

/** The world; a client or freelancer given (signed up in a browser) takes that part, the rest are made here. */
export async function buildWorld(
  given: Partial<Record<"client" | "freelancer", Account>> = {},
): Promise<World> {
  const [client, freelancer, admin, auditor] = await Promise.all([
    given.client ?? account("client"),
    given.freelancer ?? account("freelancer"),
    account("admin"),
    account("auditor"),
  ]);
  const people = { client, freelancer, admin, auditor };
  const hired = await hire(people);
  await fundFirstMilestone(client, hired.contractId);
  const workspace = await waitFor(
    "the funded milestone's SkillPod",
    async () => {
      const list = await apiCall<{ items: { namespace: string; name: string }[] }>(
        freelancer.token,
        "GET /v1/workspaces",
      );
      return list.items[0] ?? false;
    },
    { timeoutMs: 90_000 },
  );
  const conversation = await apiCall<{ id: string }>(
    freelancer.token,
    `GET /v1/contracts/${hired.contractId}/conversation`,
  );
  // A profile of their own, so the freelancer's public page has something to show.
  const handle = `fl-${freelancer.userId.slice(0, 8)}`;
  await apiCall(freelancer.token, "PUT /v1/me/freelancer-profile", {
    handle,
    headline: "Dashboards and data pipelines",
  });
  return {
    people,
    ...hired,
    conversationId: conversation.id,
    workspace: { namespace: workspace.namespace, name: workspace.name },
    freelancerHandle: handle,
  };
}
