// A fresh person per journey, signed up through the portal's own form: every browser test starts from the
// sign-up page, as a new user would.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { randomBytes } from "node:crypto";
import { inject } from "vitest";

export type AccountKind = "freelancer" | "client";
export type Person = { email: string; password: string; name: string; context: BrowserContext; page: Page };

export const portalUrl = (): string => inject("portal").portalUrl;

/** Every console error and uncaught exception a page reported (a CSP violation among them). */
export const pageErrors = new WeakMap<Page, string[]>();

export async function newPage(
  browser: Browser,
  width = 1200,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, baseURL: portalUrl() });
  const page = await context.newPage();
  const errors: string[] = [];
  pageErrors.set(page, errors);
  // A failed resource's console line names no URL: the response listener below does.
  page.on(
    "console",
    (m) =>
      void (m.type() === "error" && !m.text().startsWith("Failed to load resource") && errors.push(m.text())),
  );
  page.on(
    "response",
    (r) => void (r.status() >= 400 && errors.push(`${r.status()} ${r.request().method()} ${r.url()}`)),
  );
  page.on("pageerror", (e) => errors.push(e.message));
  return { context, page };
}

export async function signUp(browser: Browser, kind: AccountKind, name?: string): Promise<Person> {
  const { context, page } = await newPage(browser);
  const tag = randomBytes(4).toString("hex");
  const person = {
    email: `${kind}-${tag}@portal.skillpod.test`,
    password: `portal-test-${tag}-password`,
    name: name ?? `${kind === "client" ? "Client" : "Freelancer"} ${tag}`,
  };
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByLabel("I want to").selectOption(kind === "client" ? "CLIENT" : "FREELANCER");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-up"));
  return { ...person, context, page };
}

export async function signIn(browser: Browser, email: string, password: string): Promise<Page> {
  const { page } = await newPage(browser);
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  return page;
}
