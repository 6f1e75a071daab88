import type { ReactElement, ReactNode } from "react";
import { requireViewer } from "../../server/viewer";
import { NotForYourAccount } from "./admin/_components/not-for-your-account";
import { isStaff } from "./admin/_components/staff";
import "./admin/_components/admin.css";

/** Admins and auditors only; anyone else signed in gets words rather than an error. Pages check again. */
export default async function AdminLayout({ children }: { children: ReactNode }): Promise<ReactElement> {
  const viewer = await requireViewer();
  return isStaff(viewer) ? <>{children}</> : <NotForYourAccount />;
}
