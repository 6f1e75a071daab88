// A signed-in caller of a listening control plane over real HTTP (fetch), for benchmarks: every request
// goes through the socket, the router, authentication and serialisation, as the portal's would.
import { randomUUID } from "node:crypto";

export class HttpCaller {
  constructor(
    readonly base: string,
    readonly userId: string,
    readonly accessToken: string,
  ) {}

  async post<T = unknown>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
    return this.#send<T>("POST", path, body, headers);
  }

  async get<T = unknown>(path: string): Promise<T> {
    return this.#send<T>("GET", path, undefined, {});
  }

  async #send<T>(method: string, path: string, body: unknown, headers: Record<string, string>): Promise<T> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.accessToken}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
    return (text === "" ? undefined : JSON.parse(text)) as T;
  }
}

const password = "bench horse battery staple";

/** Registers and signs in a new account of `accountType` (CLIENT or FREELANCER). */
export async function signUpOver(base: string, accountType: "CLIENT" | "FREELANCER"): Promise<HttpCaller> {
  const email = `bench-${accountType.toLowerCase()}-${randomUUID()}@bench.test`;
  const json = { "content-type": "application/json" };
  const registered = await fetch(`${base}/v1/auth/register`, {
    method: "POST",
    headers: json,
    body: JSON.stringify({ email, password, accountType, displayName: `Bench ${accountType}` }),
  });
  if (registered.status !== 201) throw new Error(`register: ${registered.status} ${await registered.text()}`);
  const { id } = (await registered.json()) as { id: string };
  const login = await fetch(`${base}/v1/auth/login`, {
    method: "POST",
    headers: json,
    body: JSON.stringify({ email, password }),
  });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
  const { accessToken } = (await login.json()) as { accessToken: string };
  return new HttpCaller(base, id, accessToken);
}
