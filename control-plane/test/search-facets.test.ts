// Search: facet counts against plain SQL, filters, and keyset pagination under inserts.
// Against the real database through the real app (search-harness.ts).
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SignedIn } from "./callers.js";
import { asOwner, postJob, uniqueWord, type JobFields } from "./jobs-fixtures.js";
import {
  searchIn,
  startSearchApp,
  type Facet,
  type Hit,
  type Result,
  type SearchApp,
} from "./search-harness.js";

let started: SearchApp;
let app: FastifyInstance;
let hiringClient: SignedIn;
let newClient: SignedIn;

beforeAll(async () => {
  started = await startSearchApp();
  ({ app, hiringClient, newClient } = started);
});
afterAll(async () => {
  await started?.stop();
});

const search = (params: Record<string, string | string[]>, path?: string): Promise<Result> =>
  searchIn(app, params, path);

describe("facets", () => {
  const word = uniqueWord();

  beforeAll(async () => {
    const rows: [SignedIn, JobFields, number][] = [
      [
        hiringClient,
        {
          title: `${word} api`,
          category: "backend",
          skills: ["go", "postgresql"],
          budget: { minMinor: 5_000, maxMinor: 20_000 },
        },
        0,
      ],
      [
        hiringClient,
        {
          title: `${word} cluster`,
          category: "devops",
          skills: ["kubernetes"],
          billing: "HOURLY",
          budget: { minMinor: 6_000, maxMinor: 9_000 },
        },
        2,
      ],
      [
        hiringClient,
        {
          title: `${word} infra`,
          category: "devops",
          skills: ["terraform", "aws"],
          budget: { minMinor: 100_000, maxMinor: 600_000 },
        },
        5,
      ],
      [
        newClient,
        {
          title: `${word} ops`,
          category: "devops",
          skills: ["kubernetes", "helm"],
          budget: { minMinor: 60_000, maxMinor: 80_000 },
        },
        10,
      ],
      [
        newClient,
        {
          title: `${word} site`,
          category: "web-development",
          skills: ["react"],
          billing: "HOURLY",
          budget: { minMinor: 4_000, maxMinor: 8_000 },
        },
        40,
      ],
      [
        newClient,
        {
          title: `${word} app`,
          category: "mobile",
          skills: ["flutter", "go"],
          budget: { minMinor: 700_000, maxMinor: 900_000 },
        },
        0,
      ],
    ];
    for (const [client, fields, daysAgo] of rows) {
      const job = await postJob(app, client, fields);
      if (daysAgo > 0)
        await asOwner(
          `UPDATE jobs SET published_at = now() - make_interval(days => $2) - interval '1 hour' WHERE id = $1`,
          [job.id, daysAgo],
        );
    }
  });

  /** A plain SQL count over the same rows the search sees, with `where` over jobs j. */
  async function sqlCount(where: string, params: unknown[] = []): Promise<number> {
    const [row] = await asOwner<{ n: string }>(
      `SELECT count(*) AS n FROM jobs j
       WHERE j.state = 'OPEN' AND j.visibility = 'PUBLIC' AND j.search_vector @@ websearch_to_tsquery('english', $1)
         AND (${where})`,
      [word, ...params],
    );
    return Number(row?.n);
  }

  const hired = `j.client_id::text IN (SELECT client_id FROM contracts WHERE state IN ('active', 'completed'))`;
  const filters: Record<string, string> = {
    category: `j.category IN ('devops', 'backend')`,
    billing: `j.billing = 'FIXED'`,
    postedWithin: `j.published_at >= now() - interval '30 days'`,
  };
  const except = (facet: string): string =>
    Object.entries(filters)
      .filter(([name]) => name !== facet)
      .map(([, sql]) => sql)
      .join(" AND ") || "true";

  it("counts each facet over the current query and the other facets' filters, as plain SQL does", async () => {
    const result = await search({
      q: word,
      category: ["devops", "backend"],
      billing: "FIXED",
      postedWithin: "30d",
    });
    expect(result.total).toBe(await sqlCount(except("none")));
    expect(result.total).toBe(3);
    for (const { value, count } of result.facets.category ?? [])
      expect(count, `category ${value}`).toBe(
        await sqlCount(`${except("category")} AND j.category = $2`, [value]),
      );
    for (const { value, count } of result.facets.billing ?? [])
      expect(count, `billing ${value}`).toBe(
        await sqlCount(`${except("billing")} AND j.billing::text = $2`, [value]),
      );
    const windows: Record<string, string> = {
      "1d": "1 day",
      "3d": "3 days",
      "7d": "7 days",
      "30d": "30 days",
    };
    for (const { value, count } of result.facets.postedWithin ?? [])
      expect(count, `posted ${value}`).toBe(
        await sqlCount(`${except("postedWithin")} AND j.published_at >= now() - $2::interval`, [
          windows[value],
        ]),
      );
    const bands = result.facets.budget as (Facet & { minMinor: number; maxMinor: number | null })[];
    for (const { value, count, minMinor, maxMinor } of bands)
      expect(count, `budget ${value}`).toBe(
        await sqlCount(
          `${except("budget")} AND j.budget_max_minor >= $2 AND ($3::bigint IS NULL OR j.budget_min_minor <= $3)`,
          [minMinor, maxMinor],
        ),
      );
    for (const { value, count } of result.facets.clientHistory ?? [])
      expect(count, `client ${value}`).toBe(
        await sqlCount(`${except("clientHistory")} AND ${value === "hired" ? "" : "NOT"} (${hired})`),
      );
    for (const { value, count } of result.facets.skills ?? [])
      expect(count, `skill ${value}`).toBe(
        await sqlCount(`${except("skills")} AND $2 = ANY(j.skill_ids)`, [value]),
      );
    expect(result.facets.skills?.map((f) => f.value)).toEqual(
      expect.arrayContaining(["kubernetes", "go", "terraform"]),
    );
  });

  it("counts only the facets asked for, the same as when all are", async () => {
    const all = await search({ q: word, billing: "FIXED" });
    const some = await search({ q: word, billing: "FIXED", facets: ["category", "budget"] });
    expect(some.total).toBe(all.total);
    expect(some.facets.category).toEqual(all.facets.category);
    expect(some.facets.budget).toEqual(all.facets.budget);
    for (const name of ["skills", "billing", "postedWithin", "clientHistory"])
      expect(some.facets[name]).toEqual([]);
    // The skills facet alone (counted apart from the others) once built an empty SQL list: schemathesis' 500.
    const skillsOnly = await search({ q: word, billing: "FIXED", facets: ["skills"] });
    expect(skillsOnly.facets.skills).toEqual(all.facets.skills);
    const people = await app.inject({ url: "/v1/search/freelancers?facets=skills" });
    expect(people.statusCode, people.body).toBe(200);
  });

  it("filters by skills (names and synonyms, any of them), budget and client history", async () => {
    const bySkill = await search({ q: word, skills: ["k8s", "Flutter"] });
    expect(bySkill.total).toBe(await sqlCount(`j.skill_ids && ARRAY['kubernetes', 'flutter']`));
    const byBudget = await search({ q: word, budgetMin: "50000", budgetMax: "100000" });
    expect(byBudget.total).toBe(
      await sqlCount(`j.budget_max_minor >= 50000 AND j.budget_min_minor <= 100000`),
    );
    const newClients = await search({ q: word, clientHistory: "new" });
    expect(newClients.total).toBe(await sqlCount(`NOT (${hired})`));
    expect(newClients.total).toBe(3);
  });

  it("refuses bad filters with a 400 or 422 naming the field", async () => {
    const cases: [string, string][] = [
      [`skills=no-such-skill`, "skills.0"],
      [`budgetMin=500&budgetMax=100`, "budgetMax"],
      [`category=gardening`, "category.0"],
      [`sort=cheapest`, "sort"],
      [`limit=51`, "limit"],
      [`cursor=bm90LWEtY3Vyc29y`, "cursor"],
      // ajv turns these into Infinity and would let them past minimum/maximum.
      [`limit=1e309`, "limit"],
      [`budgetMin=Infinity`, "budgetMin"],
    ];
    for (const [query, field] of cases) {
      const response: LightMyRequestResponse = await app.inject({
        url: `/v1/search/jobs?q=${word}&${query}`,
      });
      // 400 when the schema refuses the value, 422 when a rule does; the field is named either way.
      expect([400, 422], query).toContain(response.statusCode);
      const errors = response.json<{ errors: { field: string }[] }>().errors.map((e) => e.field);
      expect(errors, query).toContain(field);
    }
  });
});

describe("keyset pagination", () => {
  /** Pages through a search, calling `between` after each page; returns every id seen, in order. */
  async function pageThrough(
    params: Record<string, string>,
    between: (page: number, last: Hit) => Promise<void>,
  ): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 50; page += 1) {
      const result: Result = await search({ ...params, limit: "3", ...(cursor ? { cursor } : {}) });
      seen.push(...result.items.map((hit) => hit.id));
      cursor = result.nextCursor;
      const last = result.items.at(-1);
      if (!cursor || !last) break;
      await between(page, last);
    }
    return seen;
  }

  it("neither skips nor repeats rows when jobs are posted between pages (budget order, ties included)", async () => {
    const word = uniqueWord();
    const budgets = [90_000, 80_000, 80_000, 80_000, 70_000, 60_000, 60_000, 50_000, 40_000, 30_000];
    const original: string[] = [];
    for (const max of budgets)
      original.push(
        (await postJob(app, newClient, { title: `${word} job`, budget: { minMinor: 0, maxMinor: max } })).id,
      );
    const before: string[] = [];
    const after: string[] = [];
    const seen = await pageThrough({ q: word, sort: "budget_high" }, async (page, last) => {
      const at = last.budget.maxMinor;
      // Sorts before the cursor: a higher budget, or the same one posted later (newer first among equals).
      before.push(
        (await postJob(app, newClient, { title: `${word} new`, budget: { minMinor: 0, maxMinor: at + 1 } }))
          .id,
      );
      before.push(
        (await postJob(app, newClient, { title: `${word} tie`, budget: { minMinor: 0, maxMinor: at } })).id,
      );
      // Sorts after the cursor: a budget lower than any before it.
      after.push(
        (
          await postJob(app, newClient, {
            title: `${word} low ${page}`,
            budget: { minMinor: 0, maxMinor: 1_000 - page },
          })
        ).id,
      );
    });
    expect(new Set(seen).size, "no row twice").toBe(seen.length);
    expect(seen.filter((id) => original.includes(id)).sort()).toEqual([...original].sort());
    expect(seen.filter((id) => before.includes(id))).toEqual([]);
    expect(seen.filter((id) => after.includes(id)).sort()).toEqual([...after].sort());
  });

  it("neither skips nor repeats rows of equal rank in relevance order", async () => {
    const word = uniqueWord();
    const original: string[] = [];
    for (let i = 0; i < 8; i += 1)
      original.push((await postJob(app, newClient, { title: `${word} same words` })).id);
    const later: string[] = [];
    const seen = await pageThrough({ q: word }, async () => {
      // The same rank and newer: before the cursor, so never shown in a later page.
      later.push((await postJob(app, newClient, { title: `${word} same words` })).id);
    });
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => original.includes(id))).toEqual([...original].reverse());
    expect(seen.filter((id) => later.includes(id))).toEqual([]);
  });

  it("refuses a cursor made for another sort", async () => {
    const word = uniqueWord();
    for (let i = 0; i < 3; i += 1) await postJob(app, newClient, { title: `${word} job ${i}` });
    const first = await search({ q: word, sort: "newest", limit: "1" });
    const response = await app.inject({
      url: `/v1/search/jobs?q=${word}&sort=budget_low&cursor=${first.nextCursor}`,
    });
    expect(response.statusCode).toBe(422);
  });
});
