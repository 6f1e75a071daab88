// The matching capability's rows of the authorization matrix.
import type { Entry } from "./matrix-types.js";

export const matchingMatrix: Record<string, Entry> = {};
