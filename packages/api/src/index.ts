export type * from "./generated/crd-types.js";
export * from "./constants.js";
export * from "./traceparent.js";
