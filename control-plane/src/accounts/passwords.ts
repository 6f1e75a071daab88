import { hash, verify, type Algorithm, type Options } from "@node-rs/argon2";

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. Algorithm is an ambient const enum (which
// isolatedModules cannot read): 2 is Argon2id.
const argon2id = 2 as Algorithm;
export const passwordHashOptions: Options = {
  algorithm: argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

export function hashPassword(password: string): Promise<string> {
  return hash(password, passwordHashOptions);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash must read as a wrong password, not a 500 that tells the account apart.
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same argon2 work as a real check when there is no account (or no password) to check, so
 * response times do not tell registered emails apart.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hash("skillpod-timing-equaliser-not-a-password", passwordHashOptions);
  await verify(await dummyHash, password);
  return false;
}
