export * from "./live-event.js";
export * from "./publish.js";
