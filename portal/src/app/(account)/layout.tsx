import type { ReactElement, ReactNode } from "react";
import { requireViewer } from "../../server/viewer";

/** Pages every signed-in account has (any role); pages also ask with their own path so sign-in returns there. */
export default async function AccountLayout({ children }: { children: ReactNode }): Promise<ReactElement> {
  await requireViewer();
  return <>{children}</>;
}
