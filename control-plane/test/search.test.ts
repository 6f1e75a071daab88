// Search: relevance on a fixed corpus, typos, autocomplete, and freelancer search.
// Against the real database through the real app (search-harness.ts).
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, type SignedIn } from "./callers.js";
import { asOwner, postJob, uniqueWord, type JobFields } from "./jobs-fixtures.js";
import { searchIn, startSearchApp, type Result, type SearchApp } from "./search-harness.js";

let started: SearchApp;
let app: FastifyInstance;
let hiringClient: SignedIn;

beforeAll(async () => {
  started = await startSearchApp();
  ({ app, hiringClient } = started);
});
afterAll(async () => {
  await started?.stop();
});

const search = (params: Record<string, string | string[]>, path?: string): Promise<Result> =>
  searchIn(app, params, path);

describe("relevance on a fixed corpus", () => {
  const word = uniqueWord();
  const corpus: Record<string, JobFields> = {
    operator: {
      title: `Kubernetes operator for ${word} clusters`,
      skills: ["kubernetes", "go"],
      description: `Write a controller for ${word}.`,
    },
    helm: {
      title: `Helm charts for ${word}`,
      skills: ["k8s", "helm"],
      description: `Package the ${word} services.`,
    },
    dashboard: {
      title: `React dashboard for ${word}`,
      skills: ["react"],
      description: `The dashboard shows the health of our Kubernetes clusters at ${word}.`,
      category: "web-development",
    },
    terraform: {
      title: `Terraform modules for ${word}`,
      skills: ["terraform"],
      description: "Infrastructure as code.",
    },
    pipeline: {
      title: `Data pipeline in Python for ${word}`,
      skills: ["python"],
      description: "Feed our machine learning models with fresh data.",
      category: "data",
    },
    platform: {
      title: `Machine learning platform for ${word}`,
      skills: ["machine-learning"],
      description: "Train and serve models.",
      category: "data",
    },
    woodwork: {
      title: `Learning to build a machine for ${word}`,
      description: "A woodworking project, written up as a guide.",
      category: "writing",
    },
  };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    for (const [key, fields] of Object.entries(corpus))
      ids[key] = (await postJob(app, hiringClient, fields)).id;
    // Not searchable: a draft, a private job and a closed one, all about Kubernetes.
    await postJob(app, hiringClient, {
      title: `Kubernetes draft for ${word}`,
      skills: ["kubernetes"],
      state: "DRAFT",
    });
    await postJob(app, hiringClient, { title: `Kubernetes private for ${word}`, visibility: "PRIVATE" });
    const closed = await postJob(app, hiringClient, { title: `Kubernetes closed for ${word}` });
    await app.inject({ method: "POST", url: `/v1/jobs/${closed.id}/close`, headers: hiringClient.headers });
  });

  const idsOf = (result: Result): string[] => result.items.map((hit) => hit.id);

  it("ranks a title match over a skill match over a description match", async () => {
    const result = await search({ q: `kubernetes ${word}` });
    expect(result.matchedBy).toBe("text");
    expect(idsOf(result)).toEqual([ids.operator, ids.helm, ids.dashboard]);
    expect(result.total).toBe(3);
    expect(result.items[2]?.snippet).toMatch(/Kubernetes clusters/);
  });

  it("finds a synonym through the skill vocabulary (k8s = kubernetes)", async () => {
    const result = await search({ q: `k8s ${word}` });
    expect(new Set(idsOf(result))).toEqual(new Set([ids.operator, ids.helm]));
  });

  it("keeps a quoted phrase together", async () => {
    const phrase = await search({ q: `"machine learning" ${word}` });
    expect(new Set(idsOf(phrase))).toEqual(new Set([ids.pipeline, ids.platform]));
    expect(idsOf(phrase)[0]).toBe(ids.platform);
    const words = await search({ q: `machine learning ${word}` });
    expect(new Set(idsOf(words))).toEqual(new Set([ids.pipeline, ids.platform, ids.woodwork]));
  });

  it("leaves out an -exclusion", async () => {
    const result = await search({ q: `kubernetes ${word} -react` });
    expect(idsOf(result)).toEqual([ids.operator, ids.helm]);
  });

  it("tolerates typos: a skill misspelt is corrected by the vocabulary, any other word matched to titles", async () => {
    // Corrected to the skill's name and searched as full text: the same results as the right spelling.
    const typo = await search({ q: `kuberntes ${word}` });
    expect(typo.matchedBy).toBe("similar");
    expect(idsOf(typo)).toEqual(idsOf(await search({ q: `kubernetes ${word}` })));
    expect(idsOf(typo)[0]).toBe(ids.operator);
    const swapped = await search({ q: `terrafrom ${word}` });
    expect(swapped).toMatchObject({ matchedBy: "similar", total: 1 });
    expect(idsOf(swapped)).toEqual([ids.terraform]);
    // No skill is like "dashbaord": the title similarity fallback finds it.
    const title = await search({ q: `dashbaord ${word}` });
    expect(title).toMatchObject({ matchedBy: "similar", total: 1 });
    expect(idsOf(title)).toEqual([ids.dashboard]);
    // "kubernets" stems like "kubernetes": full text finds it directly.
    const stemmed = await search({ q: `kubernets ${word}` });
    expect(stemmed.matchedBy).toBe("text");
    expect(idsOf(stemmed)[0]).toBe(ids.operator);
  });

  it("keeps a fallback's results across pages", async () => {
    const first = await search({ q: `dashbaord ${word}`, limit: "1" });
    expect(first.nextCursor).toBeNull();
    const corrected = await search({ q: `kuberntes ${word}`, limit: "2" });
    const rest = await search({ q: `kuberntes ${word}`, limit: "2", cursor: corrected.nextCursor ?? "" });
    expect(rest.matchedBy).toBe("similar");
    expect([...idsOf(corrected), ...idsOf(rest)]).toEqual([ids.operator, ids.helm, ids.dashboard]);
  });

  it("treats a query of stop words as no query, and a query matching nothing as no results", async () => {
    const stopWords = await search({ q: "the and of", limit: "1" });
    expect(stopWords.matchedBy).toBeNull();
    expect(stopWords.total).toBeGreaterThanOrEqual(Object.keys(corpus).length);
    const nothing = await search({ q: `${word} qqqqqqqqqq` });
    expect(nothing).toMatchObject({ total: 0, items: [], nextCursor: null });
  });

  it("suggests titles and skills while typing, typos included", async () => {
    const response = await app.inject({ url: `/v1/search/autocomplete?q=${word.slice(0, 7)}&limit=20` });
    expect(response.statusCode, response.body).toBe(200);
    const suggestions = response.json<{ jobs: { id: string; title: string }[]; skills: { id: string }[] }>();
    expect(new Set(suggestions.jobs.map((job) => job.id))).toEqual(new Set(Object.values(ids)));
    // The last letter wrong: no title contains it, but it is like the corpus' word (pg_trgm).
    const typo = `${word.slice(0, -1)}${word.endsWith("b") ? "c" : "b"}`;
    const near = await app.inject({ url: `/v1/search/autocomplete?q=${typo}` });
    expect(near.json<{ jobs: { id: string }[] }>().jobs.map((job) => job.id)).toContain(ids.operator);
    const skills = await app.inject({ url: "/v1/search/autocomplete?q=kube" });
    expect(skills.json<{ skills: { id: string }[] }>().skills.map((s) => s.id)).toContain("kubernetes");
  });
});

describe("freelancer search", () => {
  const word = uniqueWord();
  const handles: Record<string, string> = {};

  beforeAll(async () => {
    const profiles: [string, string, string[], number | null, string][] = [
      ["kube", `Kubernetes engineer ${word}`, ["kubernetes", "go"], 9_000, "FULL_TIME"],
      ["front", `React developer ${word}`, ["react", "typescript"], 4_000, "PART_TIME"],
      ["data", `Data scientist ${word}`, ["python", "machine-learning"], 16_000, "NOT_AVAILABLE"],
      ["norate", `Technical writer ${word}`, ["copywriting"], null, "FULL_TIME"],
    ];
    for (const [key, headline, skills, rate, availability] of profiles) {
      const user = await signUp(app, "freelancer");
      handles[key] = `${key}-${word}`;
      await asOwner(
        `INSERT INTO freelancer_profiles (user_id, handle, headline, bio, hourly_rate_minor, availability, skill_ids)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [user.userId, handles[key], headline, `I work remotely. ${word}`, rate, availability, skills],
      );
    }
  });

  type FreelancerResult = Omit<Result, "items"> & { items: { handle: string }[] };
  const find = async (params: Record<string, string | string[]>): Promise<FreelancerResult> =>
    (await search(params, "freelancers")) as unknown as FreelancerResult;

  it("searches headlines, skills and bios, with rate and availability filters and facets", async () => {
    const all = await find({ q: word });
    expect(all.total).toBe(4);
    const kube = await find({ q: `k8s ${word}` });
    expect(kube.items.map((f) => f.handle)).toEqual([handles.kube]);
    const affordable = await find({ q: word, rateMin: "5000", rateMax: "10000" });
    expect(affordable.items.map((f) => f.handle)).toEqual([handles.kube]);
    expect(affordable.facets.availability).toEqual([
      { value: "FULL_TIME", count: 1 },
      { value: "PART_TIME", count: 0 },
      { value: "NOT_AVAILABLE", count: 0 },
    ]);
    const available = await find({ q: word, availability: ["FULL_TIME", "PART_TIME"], sort: "rate_low" });
    expect(available.items.map((f) => f.handle)).toEqual([handles.front, handles.kube, handles.norate]);
    expect(available.facets.rate?.find((band) => band.value === "150-plus")?.count).toBe(0);
    const typo = await find({ q: `kuberntes ${word}` });
    expect(typo).toMatchObject({ matchedBy: "similar", total: 1 });
  });
});
