// The browser's one socket to the API's live channel. Tickets come from the portal's server (the sign-in
// never reaches script); a dropped socket reconnects with the last event id, so nothing is missed.
export type LiveEvent = { id: string; type: string; data: Record<string, unknown>; at: string };
export type LiveListener = (event: LiveEvent) => void;

type Ticket = { ticket: string; url: string };

const retryDelaysMs = [500, 1000, 2000, 5000, 10000];

export class LiveChannel {
  private socket: WebSocket | undefined;
  private cursor: string | undefined;
  private attempts = 0;
  private closed = false;
  // React's development double effect closes and reopens the channel: a connect begun before the close
  // must not open a socket of its own.
  private generation = 0;
  private readonly listeners = new Set<LiveListener>();

  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  open(): void {
    this.closed = false;
    this.generation += 1;
    void this.connect(this.generation);
  }

  close(): void {
    this.closed = true;
    this.socket?.close(1000);
  }

  private async connect(generation: number): Promise<void> {
    const response = await fetch("/api/live-ticket", { method: "POST" }).catch(() => undefined);
    if (this.closed || generation !== this.generation) return;
    if (!response?.ok) return this.retry();
    const { ticket, url } = (await response.json()) as Ticket;
    const target = new URL(url);
    if (this.cursor) target.searchParams.set("cursor", this.cursor);
    const socket = new WebSocket(target, ["skillpod.live.v1", `ticket.${ticket}`]);
    socket.onopen = () => (this.attempts = 0);
    socket.onmessage = (message) => this.deliver(String(message.data));
    socket.onclose = () => {
      if (this.socket === socket) this.retry();
    };
    this.socket = socket;
  }

  private deliver(text: string): void {
    const event = JSON.parse(text) as Partial<LiveEvent>;
    if (typeof event.type !== "string" || typeof event.id !== "string") return;
    this.cursor = event.id;
    for (const listener of this.listeners) listener(event as LiveEvent);
  }

  private retry(): void {
    if (this.closed) return;
    const delay = retryDelaysMs[Math.min(this.attempts, retryDelaysMs.length - 1)] ?? 10000;
    this.attempts += 1;
    const generation = this.generation;
    setTimeout(() => void this.connect(generation), delay);
  }
}
