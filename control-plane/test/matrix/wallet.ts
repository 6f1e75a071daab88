// The wallet capability's rows of the authorization matrix.
import type { Entry } from "./matrix-types.js";

export const walletMatrix: Record<string, Entry> = {};
