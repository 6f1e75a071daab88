export * from "./live-event.js";
export * from "./publish.js";
export * from "./replay.js";
export * from "./stream-ids.js";
export * from "./subscribe.js";
