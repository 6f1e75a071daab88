// The conversations capability's rows of the authorization matrix.
import type { Entry } from "./matrix-types.js";

export const conversationsMatrix: Record<string, Entry> = {};
