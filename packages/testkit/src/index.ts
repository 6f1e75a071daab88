export { waitFor } from "./wait-for.js";
export { stackEnv } from "./stack-env.js";
