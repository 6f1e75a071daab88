import Link from "next/link";
import type { ReactElement } from "react";

export default function NotFound(): ReactElement {
  return (
    <>
      <h1>Not found</h1>
      <p>We could not find that page. It may have been removed, or it belongs to someone else.</p>
      <p>
        <Link href="/">Back to the start</Link>
      </p>
    </>
  );
}
