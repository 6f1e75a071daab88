// The skills capability's rows of the authorization matrix.
import type { Entry } from "./matrix-types.js";

export const skillsMatrix: Record<string, Entry> = {};
