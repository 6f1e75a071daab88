export * from "./ledger-audit.js";
export * from "./money-audit.js";
export * from "./ledger-errors.js";
export * from "./ledger.js";
export * from "./money-movements.js";
