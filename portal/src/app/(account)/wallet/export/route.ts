import { NextResponse, type NextRequest } from "next/server";
import { api, hasSignIn } from "../../../../server/api";

/**
 * Every wallet transaction as CSV, streamed from the API with the user's sign-in (a plain download link:
 * the browser never holds a token). Signed out, the browser goes to sign in and back to the wallet.
 */
export async function GET(request: NextRequest): Promise<Response> {
  const signIn = new URL("/sign-in?next=%2Fwallet", request.url);
  if (!(await hasSignIn())) return NextResponse.redirect(signIn);
  const { response } = await (
    await api()
  ).GET("/v1/wallet/transactions", { params: { query: { format: "csv" } }, parseAs: "stream" });
  if (response.status === 401) return NextResponse.redirect(signIn);
  if (!response.ok || !response.body)
    return new NextResponse("The export failed. Try again in a moment.", {
      status: 502,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  return new Response(response.body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="skillpod-wallet-${new Date().toISOString().slice(0, 10)}.csv"`,
      "cache-control": "no-store",
    },
  });
}
