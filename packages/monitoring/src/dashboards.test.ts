import { describe, expect, it } from "vitest";
import { committedDashboards, dashboardFiles } from "./dashboard-files.js";
import { dashboardLayoutErrors } from "./dashboard-layout.js";
import { dashboardSchemaErrors } from "./dashboard-schema.js";

const files = await dashboardFiles();

describe("SkillPod's Grafana dashboards", () => {
  it("are committed exactly as the code generates them (npm run dashboards -w @skillpod/monitoring)", async () => {
    const committed = await committedDashboards();
    for (const file of files) expect(committed.get(file.name), file.path).toBe(file.json);
  });

  it("satisfy Grafana's dashboard schema (the foundation SDK's types), panel options and queries included", () => {
    const parsed = files.map((file) => ({ name: file.name, dashboard: JSON.parse(file.json) as unknown }));
    expect(dashboardSchemaErrors(parsed)).toEqual([]);
  }, 60_000);

  it("reject what the schema forbids: an unknown key, a wrong type, a value outside an enum", () => {
    // TypeScript reports the first problem of each object literal, so each copy breaks one object.
    const copy = (): Record<string, unknown> & { panels: Broken[] } =>
      JSON.parse(files[0]?.json ?? "{}") as Record<string, unknown> & { panels: Broken[] };
    type Broken = { options: Record<string, unknown>; targets: Record<string, unknown>[] };
    const unknownKey = copy();
    unknownKey.refreshEvery = "5s";
    const wrongType = copy();
    wrongType.graphTooltip = "crosshair";
    const outsideEnums = copy();
    const panel = outsideEnums.panels[1] as Broken;
    panel.options.graphMode = "sparkline";
    panel.targets[0] = { ...panel.targets[0], format: "csv" };
    const errors = dashboardSchemaErrors([
      { name: "unknown-key", dashboard: unknownKey },
      { name: "wrong-type", dashboard: wrongType },
      { name: "outside-enums", dashboard: outsideEnums },
    ]).join("\n");
    expect(errors).toMatch(/^unknown-key: .*refreshEvery\W+ does not exist/m);
    expect(errors).toMatch(/^wrong-type: .*'string' is not assignable to type 'DashboardCursorSync/m);
    expect(errors).toMatch(/^outside-enums panels\[1\] "Replicas up".options: .*"sparkline"/m);
    expect(errors).toMatch(/^outside-enums panels\[1\] "Replicas up".targets\[0\]: .*"csv"/m);
  }, 60_000);

  it("lay their panels out on the grid, ask $datasource and use only variables they define", () => {
    for (const file of files) expect(dashboardLayoutErrors(file.dashboard), file.name).toEqual([]);
  });
});
