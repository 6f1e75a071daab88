// The probe of the portal's Pods (charts/skillpod): the server answers, with no call to the API, so an API
// outage shows as the API's and does not take the portal out of its Service too.
export const dynamic = "force-static";

export function GET(): Response {
  return new Response("ok\n", {
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });
}
