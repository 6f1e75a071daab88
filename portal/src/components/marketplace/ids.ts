import { notFound } from "next/navigation";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A route's id segment as the API's ids are (UUIDs); anything else is the page's not-found, not a 400. */
export function uuidOrNotFound(id: string): string {
  if (!uuid.test(id)) notFound();
  return id;
}
