/** The API answers with its own path; the browser needs the socket's whole address at the API's public URL. */
export function liveSocketUrl(path: string, apiPublicUrl: string): string {
  const url = new URL(path, `${apiPublicUrl}/`);
  if (url.protocol === "https:") url.protocol = "wss:";
  if (url.protocol === "http:") url.protocol = "ws:";
  return url.toString();
}
