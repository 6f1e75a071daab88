export { AccountType, Prisma, PrismaClient, createPrismaClient } from "./database.js";
export type { User } from "./database.js";
export {
  OID_ALIASES,
  PostgresAdapterFactory,
  createPostgresAdapter,
  poolConfigFromUrl,
} from "./postgres-adapter.js";
export { buildApp, type BuildAppOptions } from "./app.js";
export { hashPassword } from "./accounts/passwords.js";
export { rolesFor } from "./accounts/registration.js";
export { startTelemetry, type TelemetryOptions } from "./telemetry.js";
export { loadControlPlaneConfig, type ControlPlaneConfig } from "./config.js";
export { AuditWriter, type AuditEventInput } from "./audit/writer.js";
export { archiveAuditEvents, type ArchiveResult } from "./audit/retention.js";
export { createAuditSigner, type AuditSigner } from "./audit/signing.js";
export { verifyAuditChain, type VerifyResult } from "./audit/verify.js";
export {
  benchFreelancerEmail,
  demoPassword,
  seedLargeMarketplace,
  type LargeSet,
  type LargeSpec,
} from "./seed/index.js";
export { issueLiveTicket } from "./live/index.js";
export {
  consumeDesktopTicket,
  desktopModeFor,
  desktopTicketOf,
  issueDesktopTicket,
  type DesktopMode,
  type DesktopTicket,
  type DesktopTicketGrant,
} from "./desktop-sessions/index.js";
// The session gateway revokes a desktop session when a dispute freezes its SkillPod.
export { isFrozen } from "./workspaces/index.js";
