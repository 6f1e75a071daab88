export { parseConfig, ConfigError } from "./parse-config.js";
