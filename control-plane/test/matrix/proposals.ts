// The proposals capability's rows of the authorization matrix.
import type { Entry } from "./matrix-types.js";

export const proposalsMatrix: Record<string, Entry> = {};
