import type { V1Secret } from "@kubernetes/client-node";
import { streamSecretKeys } from "@skillpod/api";
import { randomInt } from "node:crypto";

/** The two VNC passwords of a SkillPod's desktop: the owner's and the watchers' (view-only). */
export type StreamPasswords = { interactive: string; view: string };

/** VncAuth reads 8 characters of a password and ignores the rest, so longer ones add nothing. */
export const vncPasswordLength = 8;
const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

function randomPassword(): string {
  let password = "";
  for (let i = 0; i < vncPasswordLength; i++) password += alphabet[randomInt(alphabet.length)];
  return password;
}

/** What VncAuth compares: two passwords alike in these characters are the same password to Xvnc. */
const significant = (password: string): string => password.slice(0, vncPasswordLength);

/** Xvnc tries the interactive password first, so a view-only one equal to it would grant input. */
function viewPasswordBesides(interactive: string): string {
  let view = randomPassword();
  while (significant(view) === significant(interactive)) view = randomPassword();
  return view;
}

export function newStreamPasswords(): StreamPasswords {
  const interactive = randomPassword();
  return { interactive, view: viewPasswordBesides(interactive) };
}

const decoded = (secret: V1Secret, key: string): string =>
  Buffer.from(secret.data?.[key] ?? "", "base64").toString("utf8");

function usableView(interactive: string, view: string): boolean {
  return view !== "" && significant(view) !== significant(interactive);
}

/** A Secret from before watch mode, or one whose view-only password would grant input. */
export function needsViewPassword(secret: V1Secret): boolean {
  return !usableView(decoded(secret, streamSecretKeys.interactive), decoded(secret, streamSecretKeys.view));
}

/**
 * The passwords an existing Secret should keep: the interactive one as it is (changing it would cut the
 * owner's desktop sessions), a view-only one added when it is missing (Secrets from before watch mode) or
 * unusable because it matches the interactive one.
 */
export function passwordsKeptFrom(secret: V1Secret): StreamPasswords {
  const interactive = decoded(secret, streamSecretKeys.interactive) || randomPassword();
  const view = decoded(secret, streamSecretKeys.view);
  return { interactive, view: usableView(interactive, view) ? view : viewPasswordBesides(interactive) };
}
