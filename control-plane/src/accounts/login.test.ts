import type * as argon2 from "@node-rs/argon2";
import { verify } from "@node-rs/argon2";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { User } from "../database.js";
import type { AccountContext } from "./account-context.js";
import { login } from "./login.js";
import { hashPassword } from "./passwords.js";

// Counts argon2 verifications: response time is argon2's, so every path must pay for exactly one.
vi.mock("@node-rs/argon2", async (importOriginal) => {
  const real = await importOriginal<typeof argon2>();
  return { ...real, verify: vi.fn(real.verify) };
});

const password = "correct horse battery staple";

function contextWith(user: Partial<User> | null): AccountContext {
  const prisma = {
    user: {
      findUnique: vi.fn().mockResolvedValue(user),
      update: vi.fn().mockResolvedValue({ failedLoginCount: 1 }),
    },
  };
  return { prisma, lockout: { threshold: 10, seconds: 60 } } as unknown as AccountContext;
}

async function codeOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => "resolved",
    (error: { code?: unknown }) => error.code,
  );
}

describe("login's timing", () => {
  // A block body: a function returned from beforeEach would be run as its teardown.
  beforeEach(() => {
    vi.mocked(verify).mockClear();
  });

  it("spends one argon2 verification on an unknown email, as on a wrong password", async () => {
    const unknown = await codeOf(login(contextWith(null), { email: "nobody@x.test", password }));
    expect([unknown, vi.mocked(verify).mock.calls.length]).toEqual(["SKP_INVALID_CREDENTIALS", 1]);

    vi.mocked(verify).mockClear();
    const user = {
      id: "u",
      email: "a@x.test",
      passwordHash: await hashPassword(password),
      lockedUntil: null,
    };
    const wrong = await codeOf(login(contextWith(user), { email: "a@x.test", password: `${password}!` }));
    expect([wrong, vi.mocked(verify).mock.calls.length]).toEqual(["SKP_INVALID_CREDENTIALS", 1]);
  });

  it("treats an account without a password (not yet set) like an unknown email", async () => {
    const user = { id: "u", email: "a@x.test", passwordHash: null, lockedUntil: null };
    const result = await codeOf(login(contextWith(user), { email: "a@x.test", password }));
    expect([result, vi.mocked(verify).mock.calls.length]).toEqual(["SKP_INVALID_CREDENTIALS", 1]);
  });
});
