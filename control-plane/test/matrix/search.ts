// The search capability's rows of the authorization matrix.
import type { Entry } from "./matrix-types.js";

export const searchMatrix: Record<string, Entry> = {};
