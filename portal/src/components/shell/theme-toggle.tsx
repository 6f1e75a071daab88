"use client";
import type { ReactElement } from "react";

/** Switches light/dark; the choice lives in a cookie so the server renders the right theme (no flash). */
export function ThemeToggle(): ReactElement {
  const toggle = (): void => {
    const root = document.documentElement;
    const dark = root.dataset.theme
      ? root.dataset.theme === "dark"
      : window.matchMedia("(prefers-color-scheme: dark)").matches;
    const next = dark ? "light" : "dark";
    root.dataset.theme = next;
    document.cookie = `skp_theme=${next}; path=/; max-age=31536000; samesite=lax`;
  };
  return (
    <button
      type="button"
      className="ui-button"
      data-variant="ghost"
      onClick={toggle}
      aria-label="Switch light or dark theme"
    >
      Theme
    </button>
  );
}
