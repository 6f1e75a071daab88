// Demo and benchmark data: `make dev`'s marketplace (scripts/seed-demo.ts) and the benchmark's large set
// (scripts/seed-marketplace.ts, bench/marketplace.bench.ts). Written as the database owner, through the
// database's own rules (triggers), never around them.
export { seedDemoMarketplace, type DemoMarketplaceSpec } from "./demo-marketplace.js";
export { demoPassword, demoPasswordHash, demoUsers, seedDemoUsers, type DemoAccounts } from "./demo-users.js";
export {
  benchFreelancerEmail,
  seedLargeMarketplace,
  type LargeSet,
  type LargeSpec,
} from "./large-marketplace.js";
export { demoMarketplaceSummary, type MarketplaceSummary } from "./summary.js";
