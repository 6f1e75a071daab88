// npm run dashboards -w @skillpod/monitoring: regenerates charts/skillpod/dashboards/*.json from the code.
import { writeDashboardFiles } from "./dashboard-files.js";

for (const path of await writeDashboardFiles()) console.log(`wrote ${path}`);
