// The dashboards as the chart ships them: one JSON file each under charts/skillpod/dashboards/, written by
// `npm run dashboards -w @skillpod/monitoring` and compared with the code by a unit test.
import type { Dashboard } from "@grafana/grafana-foundation-sdk/dashboard";
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { format, resolveConfig } from "prettier";
import { buildDashboard } from "./dashboard-spec.js";
import { dashboardSpecs } from "./dashboards/index.js";

export const dashboardsDir = fileURLToPath(new URL("../../../charts/skillpod/dashboards/", import.meta.url));

export type DashboardFile = { name: string; path: string; dashboard: Dashboard; json: string };

/** Every dashboard, built from its spec, with the exact text its file must hold (as prettier leaves it). */
export async function dashboardFiles(): Promise<DashboardFile[]> {
  return Promise.all(
    dashboardSpecs.map(async (spec) => {
      const dashboard = buildDashboard(spec);
      const path = join(dashboardsDir, `${spec.name}.json`);
      const options = await resolveConfig(path);
      const json = await format(JSON.stringify(dashboard), { ...options, filepath: path });
      return { name: spec.name, path, dashboard, json };
    }),
  );
}

export async function writeDashboardFiles(): Promise<string[]> {
  await mkdir(dashboardsDir, { recursive: true });
  const files = await dashboardFiles();
  await Promise.all(files.map((file) => writeFile(file.path, file.json)));
  return files.map((file) => file.path);
}

/** The committed text of each dashboard file (undefined when it is missing). */
export async function committedDashboards(): Promise<Map<string, string | undefined>> {
  const files = await dashboardFiles();
  const texts = await Promise.all(files.map((file) => readFile(file.path, "utf8").catch(() => undefined)));
  return new Map(files.map((file, i) => [file.name, texts[i]]));
}
