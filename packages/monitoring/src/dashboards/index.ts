import type { DashboardSpec } from "../dashboard-spec.js";
import { controlPlaneDashboard } from "./control-plane.js";
import { operatorDashboard } from "./operator.js";
import { skillPodsSessionsDashboard } from "./skillpods-sessions.js";
import { workersMoneyDashboard } from "./workers-money.js";

/** SkillPod's dashboards, in the order an SRE walks through them. */
export const dashboardSpecs: readonly DashboardSpec[] = [
  operatorDashboard,
  controlPlaneDashboard,
  workersMoneyDashboard,
  skillPodsSessionsDashboard,
];
