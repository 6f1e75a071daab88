import type { Metadata, Viewport } from "next";
import { cookies } from "next/headers";
import type { ReactElement, ReactNode } from "react";
import "./globals.css";
import "../components/ui/ui.css";
import { SiteHeader } from "../components/shell/site-header";
import { LiveProvider } from "../components/live/live-provider";
import { currentViewer } from "../server/viewer";

export const metadata: Metadata = {
  title: { default: "SkillPod", template: "%s · SkillPod" },
  description: "Hire freelancers, fund milestones and watch the work happen in secure cloud desktops.",
  manifest: "/manifest.webmanifest",
  icons: { icon: "/icons/icon.svg", apple: "/icons/icon-192.png" },
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#1f5fd6" },
    { media: "(prefers-color-scheme: dark)", color: "#111317" },
  ],
};

async function themeOf(): Promise<"light" | "dark" | undefined> {
  const value = (await cookies()).get("skp_theme")?.value;
  return value === "light" || value === "dark" ? value : undefined;
}

export default async function RootLayout({ children }: { children: ReactNode }): Promise<ReactElement> {
  const [viewer, theme] = await Promise.all([currentViewer(), themeOf()]);
  const page = (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <SiteHeader viewer={viewer} />
      <main id="main">{children}</main>
    </>
  );
  return (
    <html lang="en" data-theme={theme}>
      <body>{viewer ? <LiveProvider>{page}</LiveProvider> : page}</body>
    </html>
  );
}
