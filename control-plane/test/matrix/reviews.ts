// The reviews capability's rows of the authorization matrix.
import type { Entry } from "./matrix-types.js";

export const reviewsMatrix: Record<string, Entry> = {};
