import { Counter, Gauge, type Registry } from "prom-client";

export type LiveMetrics = { openSockets: Gauge; delivered: Counter; slowConsumerCloses: Counter };

export function createLiveMetrics(registry: Registry): LiveMetrics {
  return {
    openSockets: new Gauge({
      name: "skillpod_live_open_sockets",
      help: "Live-channel sockets open on this process",
      registers: [registry],
    }),
    delivered: new Counter({
      name: "skillpod_live_events_delivered_total",
      help: "Live events sent to sockets (live and replayed)",
      labelNames: ["mode"] as const,
      registers: [registry],
    }),
    slowConsumerCloses: new Counter({
      name: "skillpod_live_slow_consumer_closes_total",
      help: "Live sockets closed because their client did not read fast enough",
      registers: [registry],
    }),
  };
}
