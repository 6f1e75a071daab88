// A dashboard as SkillPod writes it: variables, then rows of panels. buildDashboard turns it into Grafana's
// dashboard model with the SDK's builders and numbers the panels, which the SDK leaves to Grafana.
import {
  DashboardBuilder,
  DashboardCursorSync,
  DashboardLinkBuilder,
  DashboardLinkType,
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  RowBuilder,
  VariableRefresh,
  VariableSort,
  type Dashboard,
} from "@grafana/grafana-foundation-sdk/dashboard";
import { prometheusSource, type PanelBuilder } from "./panel-builders.js";

/** A variable filled from a label's values on the series `selector` matches (Grafana's label_values()). */
export type LabelVariable = {
  name: string;
  label: string;
  description: string;
  selector: string;
  /** The label whose values the variable offers; its own name by default. */
  from?: string;
};

export type DashboardSpec = {
  /** The file name under charts/skillpod/dashboards/ (without .json) and the uid's suffix. */
  name: string;
  title: string;
  description: string;
  variables: LabelVariable[];
  rows: { title: string; panels: PanelBuilder[] }[];
};

/** Every dashboard's tag, which the links between them follow. */
export const dashboardTag = "skillpod";

function labelVariable(variable: LabelVariable): QueryVariableBuilder {
  const query = `label_values(${variable.selector}, ${variable.from ?? variable.name})`;
  return (
    new QueryVariableBuilder(variable.name)
      .label(variable.label)
      .description(variable.description)
      .datasource(prometheusSource)
      .query(query)
      .refresh(VariableRefresh.OnTimeRangeChanged)
      .sort(VariableSort.AlphabeticalAsc)
      .multi(true)
      .includeAll(true)
      // "All" as a regex that also matches series without the label (a Prometheus outside Kubernetes).
      .allValue(".*")
      .current({ selected: true, text: ["All"], value: ["$__all"] })
  );
}

function numberPanels(dashboard: Dashboard): Dashboard {
  let id = 0;
  for (const panel of dashboard.panels ?? []) {
    id += 1;
    panel.id = id;
  }
  return dashboard;
}

export function buildDashboard(spec: DashboardSpec): Dashboard {
  const builder = new DashboardBuilder(spec.title)
    .uid(`skillpod-${spec.name}`)
    .description(spec.description)
    .tags([dashboardTag])
    .editable()
    .tooltip(DashboardCursorSync.Crosshair)
    .time({ from: "now-3h", to: "now" })
    .refresh("30s")
    .link(
      new DashboardLinkBuilder("SkillPod")
        .type(DashboardLinkType.Dashboards)
        .tags([dashboardTag])
        .asDropdown(true)
        .includeVars(true)
        .keepTime(true),
    )
    .withVariable(
      new DatasourceVariableBuilder("datasource")
        .label("Data source")
        .description("The Prometheus that scrapes SkillPod")
        .type("prometheus"),
    );
  for (const variable of spec.variables) builder.withVariable(labelVariable(variable));
  for (const row of spec.rows) {
    builder.withRow(new RowBuilder(row.title));
    for (const panel of row.panels) builder.withPanel(panel);
  }
  return numberPanels(builder.build());
}
