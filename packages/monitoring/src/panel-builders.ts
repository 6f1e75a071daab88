// The two kinds of panel SkillPod's dashboards use, built with Grafana's foundation SDK (its builders are
// generated from Grafana's dashboard schema, so what type-checks here has the schema's shape).
import {
  LegendDisplayMode,
  LegendPlacement,
  SortOrder,
  StackingMode,
  TooltipDisplayMode,
  VizLegendOptionsBuilder,
  VizTooltipOptionsBuilder,
  StackingConfigBuilder,
  BigValueGraphMode,
  BigValueColorMode,
  ReduceDataOptionsBuilder,
} from "@grafana/grafana-foundation-sdk/common";
import {
  ThresholdsConfigBuilder,
  ThresholdsMode,
  type DataSourceRef,
} from "@grafana/grafana-foundation-sdk/dashboard";
import { DataqueryBuilder } from "@grafana/grafana-foundation-sdk/prometheus";
import { PanelBuilder as StatPanelBuilder } from "@grafana/grafana-foundation-sdk/stat";
import { PanelBuilder as TimeseriesPanelBuilder } from "@grafana/grafana-foundation-sdk/timeseries";

/** Every panel and query asks the data source the dashboard's `datasource` variable names. */
export const prometheusSource: DataSourceRef = { type: "prometheus", uid: "${datasource}" };

/** One PromQL expression and how its series are named in the legend. */
export type Query = { expr: string; legend?: string };

export type PanelBuilder = TimeseriesPanelBuilder | StatPanelBuilder;

type Size = { width?: number; height?: number };

/** A step threshold: at or above `from` the value turns `color` (the first step starts at -∞). */
export type Step = { from: number; color: string };

const refIds = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

function targets(queries: Query[], instant: boolean): DataqueryBuilder[] {
  return queries.map((query, i) => {
    const target = new DataqueryBuilder()
      .refId(refIds[i] ?? `Q${i}`)
      .datasource(prometheusSource)
      .expr(query.expr)
      .legendFormat(query.legend ?? "__auto");
    return instant ? target.instant() : target.range();
  });
}

function thresholds(steps: Step[]): ThresholdsConfigBuilder {
  // Grafana's first step has value null: "from minus infinity".
  const [first, ...rest] = steps;
  return new ThresholdsConfigBuilder()
    .mode(ThresholdsMode.Absolute)
    .steps([
      { value: null, color: first?.color ?? "green" },
      ...rest.map((step) => ({ value: step.from, color: step.color })),
    ]);
}

/** A time series panel; `stacked` stacks the series (parts of one whole, e.g. SkillPods by phase). */
export function timeseries(
  title: string,
  description: string,
  queries: Query[],
  options: Size & { unit: string; stacked?: boolean; min?: number },
): TimeseriesPanelBuilder {
  const panel = new TimeseriesPanelBuilder()
    .title(title)
    .description(description)
    .datasource(prometheusSource)
    .targets(targets(queries, false))
    .unit(options.unit)
    .height(options.height ?? 8)
    .span(options.width ?? 12)
    .fillOpacity(options.stacked ? 30 : 10)
    .legend(
      new VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(LegendDisplayMode.Table)
        .placement(LegendPlacement.Bottom)
        .calcs(["mean", "max", "lastNotNull"]),
    )
    .tooltip(new VizTooltipOptionsBuilder().mode(TooltipDisplayMode.Multi).sort(SortOrder.Descending));
  if (options.min !== undefined) panel.min(options.min);
  if (options.stacked) panel.stacking(new StackingConfigBuilder().mode(StackingMode.Normal));
  return panel;
}

/** A single number (the last value) with its trend; `steps` colour it when it crosses a threshold. */
export function stat(
  title: string,
  description: string,
  queries: Query[],
  options: Size & { unit: string; steps?: Step[] },
): StatPanelBuilder {
  return new StatPanelBuilder()
    .title(title)
    .description(description)
    .datasource(prometheusSource)
    .targets(targets(queries, false))
    .unit(options.unit)
    .height(options.height ?? 4)
    .span(options.width ?? 6)
    .graphMode(BigValueGraphMode.Area)
    .colorMode(BigValueColorMode.Value)
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(["lastNotNull"]).values(false))
    .thresholds(thresholds(options.steps ?? [{ from: 0, color: "green" }]));
}
