// What admins (and auditors) read beyond the audit trail, against the real stack: the account directory
// (admins only, filtered, a page at a time, no secrets), the SkillPodClasses from the Kubernetes API, and
// the contracts with an open dispute (GET /v1/contracts?disputed=true: every one for an admin).
import {
  skillPodApiVersion,
  skillPodClassKind,
  skillPodClassPlural,
  skillPodGroup,
  skillPodVersion,
} from "@skillpod/api";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, expectProblem } from "./app-harness.js";
import { registerAccount, signUp, uniqueEmail, type SignedIn } from "./callers.js";
import { closeOwnerPool, ownerPool } from "./contracts-fixtures.js";
import { custom, ensureCrds, insertContract, suffix } from "./workspaces-fixtures.js";

type Page<T> = { items: T[]; nextCursor: string | null };
type Entry = { id: string; email: string; roles: string[]; mfaEnabled: boolean; lockedUntil: string | null };

let app: FastifyInstance;
let admin: SignedIn;
let auditor: SignedIn;
let freelancer: SignedIn;
let client: SignedIn;

beforeAll(async () => {
  app = await buildTestApp({ RATE_LIMIT_PUBLIC_PER_MINUTE: "100000", RATE_LIMIT_LOGIN_PER_MINUTE: "100000" });
  [admin, auditor, freelancer, client] = await Promise.all([
    signUp(app, "admin"),
    signUp(app, "auditor"),
    signUp(app, "freelancer"),
    signUp(app, "client"),
  ]);
});
afterAll(async () => {
  await app?.close();
  await closeOwnerPool();
});

const get = (who: SignedIn, url: string): Promise<LightMyRequestResponse> =>
  app.inject({ url, headers: who.headers });

async function json<T>(response: Promise<LightMyRequestResponse>): Promise<T> {
  const answered = await response;
  expect(answered.statusCode, answered.body).toBe(200);
  return answered.json<T>();
}

describe("the account directory", () => {
  const label = `directory-${suffix()}`;
  const emails: string[] = [];
  beforeAll(async () => {
    // Three accounts whose addresses share a label no other account has.
    for (const role of ["freelancer", "client", "auditor"] as const) {
      const account = await registerAccount(app, role);
      const email = uniqueEmail(`${label}-${role}`);
      await ownerPool().query("UPDATE users SET email = $2 WHERE id = $1", [account.userId, email]);
      emails.push(email);
    }
    await ownerPool().query(
      "UPDATE users SET locked_until = now() + interval '1 hour', failed_login_count = 12 WHERE email = $1",
      [emails[0]],
    );
  });

  it("lists accounts newest first by email text, a page at a time, without a secret", async () => {
    const first = await json<Page<Entry>>(get(admin, `/v1/admin/users?email=${label.toUpperCase()}&limit=2`));
    expect(first.items.map((e) => e.email)).toEqual([emails[2], emails[1]]);
    expect(first.nextCursor).not.toBeNull();
    const second = await json<Page<Entry>>(
      get(admin, `/v1/admin/users?email=${label}&limit=2&cursor=${first.nextCursor}`),
    );
    expect(second).toMatchObject({ items: [{ email: emails[0] }], nextCursor: null });
    const [locked] = second.items;
    expect(Object.keys(locked!).sort()).toEqual(
      ["accountType", "createdAt", "displayName", "email", "id", "lockedUntil", "mfaEnabled", "roles"].sort(),
    );
    expect(Date.parse(locked!.lockedUntil!)).toBeGreaterThan(Date.now());
    expect(first.items[0]!.lockedUntil).toBeNull();
  });

  it("filters by role, and treats % and _ in the email text as text", async () => {
    const auditors = await json<Page<Entry>>(get(admin, `/v1/admin/users?role=auditor&email=${label}`));
    expect(auditors.items.map((e) => e.email)).toEqual([emails[2]]);
    const all = await json<Page<Entry>>(get(admin, "/v1/admin/users?role=auditor&limit=100"));
    expect(all.items.every((e) => e.roles.includes("auditor"))).toBe(true);
    const wildcard = await json<Page<Entry>>(
      get(admin, `/v1/admin/users?email=${encodeURIComponent("%_%")}`),
    );
    expect(wildcard.items).toEqual([]);
  });

  it("is for admins only; a bad role, limit or cursor is refused", async () => {
    for (const who of [auditor, freelancer, client])
      expectProblem(await get(who, "/v1/admin/users"), 403, "SKP_FORBIDDEN");
    expectProblem(await app.inject({ url: "/v1/admin/users" }), 401, "SKP_UNAUTHENTICATED");
    expectProblem(await get(admin, "/v1/admin/users?role=root"), 400, "SKP_VALIDATION_FAILED");
    expectProblem(await get(admin, "/v1/admin/users?limit=101"), 400, "SKP_VALIDATION_FAILED");
    expectProblem(await get(admin, "/v1/admin/users?cursor=bm90LWEtY3Vyc29y"), 422, "SKP_VALIDATION_FAILED");
  });
});

describe("SkillPodClasses", () => {
  const name = `admin-reads-${suffix()}`;
  beforeAll(async () => {
    await ensureCrds();
    await custom.createClusterCustomObject({
      group: skillPodGroup,
      version: skillPodVersion,
      plural: skillPodClassPlural,
      body: {
        apiVersion: skillPodApiVersion,
        kind: skillPodClassKind,
        metadata: { name, labels: { "skillpod.dev/test": "true" } },
        spec: {
          displayName: "Admin reads desktop",
          description: "A class for the admin reads test",
          image: "ghcr.io/skillpod/desktop:1.0",
          resources: { max: { cpu: 4, memory: "8Gi" } },
          egress: { allow: ["0.0.0.0/0:443"] },
        },
      },
    });
  });
  afterAll(async () => {
    await custom.deleteClusterCustomObject({
      group: skillPodGroup,
      version: skillPodVersion,
      plural: skillPodClassPlural,
      name,
    });
  });

  it("reads every class from the Kubernetes API, defaults filled in, for admins and auditors", async () => {
    for (const who of [admin, auditor]) {
      const { items } = await json<{ items: { name: string }[] }>(get(who, "/v1/skillpod-classes"));
      const names = items.map((item) => item.name);
      expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
      const found = items.find((item) => item.name === name) as { createdAt?: string } | undefined;
      expect(found?.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect({ ...found, createdAt: "" }).toEqual({
        name,
        displayName: "Admin reads desktop",
        description: "A class for the admin reads test",
        image: "ghcr.io/skillpod/desktop:1.0",
        imagePullPolicy: "IfNotPresent",
        streamPort: 6901,
        resources: { default: { cpu: "1", memory: "2Gi" }, max: { cpu: "4", memory: "8Gi" } },
        home: { defaultSize: "10Gi", storageClassName: null },
        idle: { timeoutSeconds: 1800, warnSeconds: 300 },
        egressAllow: ["0.0.0.0/0:443"],
        runtimeClassName: null,
        createdAt: "",
      });
    }
    for (const who of [freelancer, client])
      expectProblem(await get(who, "/v1/skillpod-classes"), 403, "SKP_FORBIDDEN");
  });
});

describe("contracts with an open dispute", () => {
  type Summary = { id: string; yourPart: string };
  let disputed: string;
  let calm: string;
  beforeAll(async () => {
    const parties = { clientId: client.userId, freelancerId: freelancer.userId };
    disputed = (await insertContract(parties, "active", "disputed")).contractId;
    calm = (await insertContract(parties, "active", "in_progress")).contractId;
  });

  /** Every page: other tests' disputes share the database. */
  async function allDisputes(who: SignedIn, query = "disputed=true"): Promise<Summary[]> {
    const items: Summary[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/v1/contracts?${query}&limit=100${cursor === null ? "" : `&cursor=${cursor}`}`;
      const page: Page<Summary> = await json<Page<Summary>>(get(who, url));
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return items;
  }

  it("lists every disputed contract for an admin, as its admin part, and none without a dispute", async () => {
    const seen = await allDisputes(admin);
    expect(seen).toContainEqual(expect.objectContaining({ id: disputed, yourPart: "admin" }));
    expect(seen.map((s) => s.id)).not.toContain(calm);
    // Without the filter an admin's list is their own contracts only, as before.
    const own = await allDisputes(admin, "state=active");
    expect(own.map((s) => s.id)).not.toContain(disputed);
  });

  it("keeps a party's list to their own contracts, with or without a dispute", async () => {
    expect((await allDisputes(client)).map((s) => [s.id, s.yourPart])).toEqual([[disputed, "client"]]);
    expect((await allDisputes(freelancer, "disputed=false")).map((s) => s.id)).toEqual([calm]);
    expect(await allDisputes(auditor)).toEqual([]);
    expectProblem(await get(client, "/v1/contracts?disputed=maybe"), 400, "SKP_VALIDATION_FAILED");
  });
});
