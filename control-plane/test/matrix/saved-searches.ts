// The saved-searches capability's rows of the authorization matrix.
import type { Entry } from "./matrix-types.js";

export const savedSearchesMatrix: Record<string, Entry> = {};
