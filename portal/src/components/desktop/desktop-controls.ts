"use client";
import { useCallback, useEffect, useState, type RefObject } from "react";
import type RFB from "@novnc/novnc";

/** Full screen for the desktop's frame, and whether it is now (Escape leaves it too). */
export function useFullscreen(frame: RefObject<HTMLElement | null>): { full: boolean; toggle: () => void } {
  const [full, setFull] = useState(false);
  useEffect(() => {
    const changed = (): void =>
      setFull(document.fullscreenElement === frame.current && frame.current !== null);
    document.addEventListener("fullscreenchange", changed);
    return () => document.removeEventListener("fullscreenchange", changed);
  }, [frame]);
  const toggle = useCallback(() => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void frame.current?.requestFullscreen();
  }, [frame]);
  return { full, toggle };
}

/**
 * Gives the keyboard back to the page: the desktop's canvas takes every key while focused (Tab included), so
 * a keyboard user needs a way out besides the button they cannot reach: Ctrl+Alt+Shift does the same.
 */
export function useKeyboardRelease(
  rfb: RefObject<RFB | undefined>,
  button: RefObject<HTMLButtonElement | null>,
  onReleased: () => void,
): () => void {
  const release = useCallback(() => {
    rfb.current?.blur();
    button.current?.focus();
    onReleased();
  }, [rfb, button, onReleased]);
  useEffect(() => {
    const hotkey = (event: KeyboardEvent): void => {
      if (!(event.ctrlKey && event.altKey && event.shiftKey)) return;
      event.preventDefault();
      event.stopPropagation();
      release();
    };
    // Capture phase: before noVNC's own handler on the canvas sends the keys to the desktop.
    window.addEventListener("keydown", hotkey, true);
    return () => window.removeEventListener("keydown", hotkey, true);
  }, [release]);
  return release;
}
