// The jobs capability's rows of the authorization matrix.
import type { Entry } from "./matrix-types.js";

export const jobsMatrix: Record<string, Entry> = {};
