/** Only a path on this site: `next` comes from the URL, and an absolute URL there would be an open redirect. */
export function safeNext(value: unknown): string {
  const text = typeof value === "string" ? value : "";
  return /^\/(?![/\\])/.test(text) ? text : "/";
}
