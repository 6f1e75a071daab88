// A real Prometheus (Debian's /usr/bin/prometheus) as a child process: it scrapes the jobs it is given every
// second, evaluates the rule files as often, and answers PromQL over its HTTP API.
import { freePort, NodeProcess } from "@skillpod/testkit";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const prometheusBinary = process.env.PROMETHEUS_BINARY ?? "/usr/bin/prometheus";

export type ScrapeJob = { job: string; targets: string[]; labels?: Record<string, string> };

export type Sample = {
  metric: Record<string, string>;
  values?: [number, string][];
  value?: [number, string];
};

export type Rule = {
  name: string;
  type: "alerting" | "recording";
  health: string;
  lastError?: string;
  query: string;
};

type Answer<T> = { status: "success" | "error"; data: T; error?: string; errorType?: string };

/** The configuration as JSON, which is YAML too. */
function configOf(jobs: ScrapeJob[], ruleFiles: string[]): string {
  return JSON.stringify({
    global: { scrape_interval: "1s", scrape_timeout: "1s", evaluation_interval: "1s" },
    rule_files: ruleFiles,
    scrape_configs: jobs.map((job) => ({
      job_name: job.job,
      static_configs: [{ targets: job.targets, labels: job.labels ?? {} }],
    })),
  });
}

export class PrometheusServer {
  private constructor(
    readonly url: string,
    private readonly process: NodeProcess,
    private readonly dir: string,
  ) {}

  static async start(jobs: ScrapeJob[], ruleFiles: string[]): Promise<PrometheusServer> {
    const dir = await mkdtemp(join(tmpdir(), "skillpod-prometheus-"));
    const config = join(dir, "prometheus.yml");
    await writeFile(config, configOf(jobs, ruleFiles));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const process = await NodeProcess.start({
      entry: "prometheus",
      command: [
        prometheusBinary,
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(dir, "data")}`,
        `--web.listen-address=127.0.0.1:${port}`,
        "--log.level=warn",
      ],
      env: {},
      readyUrl: `${url}/-/ready`,
    });
    return new PrometheusServer(url, process, dir);
  }

  async #get<T>(path: string, params: Record<string, string | string[]>): Promise<T> {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params))
      for (const one of Array.isArray(value) ? value : [value]) query.append(key, one);
    const response = await fetch(`${this.url}${path}?${query.toString()}`);
    const answer = (await response.json()) as Answer<T>;
    if (answer.status !== "success") throw new Error(`${path} ${JSON.stringify(params)}: ${answer.error}`);
    return answer.data;
  }

  /** A range query, as a Grafana time series or stat panel sends it. */
  async queryRange(expr: string, range: { start: number; end: number; step: number }): Promise<Sample[]> {
    const data = await this.#get<{ result: Sample[] }>("/api/v1/query_range", {
      query: expr,
      start: String(range.start),
      end: String(range.end),
      step: String(range.step),
    });
    return data.result;
  }

  /** The values of `label` on the series `selector` matches (Grafana's label_values(selector, label)). */
  labelValues(label: string, selector: string, range: { start: number; end: number }): Promise<string[]> {
    return this.#get<string[]>(`/api/v1/label/${encodeURIComponent(label)}/values`, {
      "match[]": selector,
      start: String(range.start),
      end: String(range.end),
    });
  }

  async rules(): Promise<Rule[]> {
    const data = await this.#get<{ groups: { rules: Rule[] }[] }>("/api/v1/rules", {});
    return data.groups.flatMap((group) => group.rules);
  }

  /** Each scrape target's job and health ("up" once scraped). */
  async targets(): Promise<{ job: string; health: string; lastError: string }[]> {
    const data = await this.#get<{
      activeTargets: { labels: { job: string }; health: string; lastError: string }[];
    }>("/api/v1/targets", { state: "active" });
    return data.activeTargets.map((t) => ({ job: t.labels.job, health: t.health, lastError: t.lastError }));
  }

  get output(): string {
    return this.process.output.join("");
  }

  async stop(): Promise<void> {
    await this.process.stop();
    await rm(this.dir, { recursive: true, force: true });
  }
}
