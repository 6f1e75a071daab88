import type { Role } from "../access.js";
import { Prisma, type AccountType, type User } from "../database.js";
import type { AccountContext } from "./account-context.js";
import { emailTaken } from "./account-errors.js";
import { normaliseEmail } from "./email-address.js";
import { hashPassword } from "./passwords.js";

export type RegistrationInput = {
  email: string;
  password: string;
  accountType: AccountType;
  displayName: string;
};

/** Roles follow from the account type; admin and auditor are granted by operators, never self-assigned. */
export function rolesFor(accountType: AccountType): Role[] {
  return accountType === "FREELANCER" ? ["freelancer"] : ["client"];
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

export async function register(ctx: AccountContext, input: RegistrationInput): Promise<User> {
  // Hashed before the insert, so a taken email costs as much time as a new one.
  const passwordHash = await hashPassword(input.password);
  try {
    return await ctx.prisma.user.create({
      data: {
        email: normaliseEmail(input.email),
        displayName: input.displayName.trim(),
        accountType: input.accountType,
        roles: rolesFor(input.accountType),
        passwordHash,
      },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}
