import type { ReactElement, ReactNode } from "react";
import { SignInNeeded } from "../../components/marketplace/sign-in-needed";
import { currentViewer } from "../../server/viewer";
import "../../components/marketplace/marketplace.css";

/**
 * Pages of this group need a sign-in; each page checks the role it is for (some, such as offers and saved
 * searches, serve both freelancers and clients) and sends a signed-out browser to sign in and back.
 */
export default async function Layout({ children }: { children: ReactNode }): Promise<ReactElement> {
  const viewer = await currentViewer();
  return viewer ? <>{children}</> : <SignInNeeded />;
}
