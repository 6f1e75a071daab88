// The contracts capability's rows of the authorization matrix.
import type { Entry } from "./matrix-types.js";

export const contractsMatrix: Record<string, Entry> = {};
