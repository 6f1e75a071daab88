// The part of noVNC 1.7's RFB class the portal uses (the package ships no types).
declare module "@novnc/novnc" {
  export type RfbOptions = { shared?: boolean; wsProtocols?: string[]; credentials?: { password?: string } };

  // noVNC's own shape: its one export is the default.
  // eslint-disable-next-line no-restricted-exports
  export default class RFB extends EventTarget {
    constructor(target: HTMLElement, urlOrChannel: string | WebSocket, options?: RfbOptions);
    viewOnly: boolean;
    scaleViewport: boolean;
    resizeSession: boolean;
    clipViewport: boolean;
    focusOnClick: boolean;
    background: string;
    disconnect(): void;
    focus(options?: FocusOptions): void;
    blur(): void;
    clipboardPasteFrom(text: string): void;
  }
}
