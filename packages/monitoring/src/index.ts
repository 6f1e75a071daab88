export { buildDashboard, dashboardTag, type DashboardSpec, type LabelVariable } from "./dashboard-spec.js";
export { dashboardSpecs } from "./dashboards/index.js";
export { controlPlaneSlo } from "./dashboards/control-plane.js";
export {
  committedDashboards,
  dashboardFiles,
  dashboardsDir,
  writeDashboardFiles,
  type DashboardFile,
} from "./dashboard-files.js";
export { dashboardSchemaErrors } from "./dashboard-schema.js";
export { dashboardLayoutErrors, variablesIn } from "./dashboard-layout.js";
export { prometheusSource, stat, timeseries, type Query } from "./panel-builders.js";
export {
  interpolate,
  panelQueries,
  queryVariables,
  type PanelQuery,
  type QueryVariable,
} from "./panel-queries.js";
