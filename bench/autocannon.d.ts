// autocannon ships no types: the part of its programmatic API (v8) that the benchmarks use.
declare module "autocannon" {
  namespace autocannon {
    interface Options {
      url: string;
      method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
      headers?: Record<string, string>;
      body?: string | Buffer;
      connections?: number;
      /** Seconds. */
      duration?: number;
      /** Worker threads that generate the load, off the caller's event loop. */
      workers?: number;
      timeout?: number;
      /** Requests each connection sends in turn (instead of `url` alone); `path` is relative to `url`. */
      requests?: { method?: "GET" | "POST"; path: string; headers?: Record<string, string>; body?: string }[];
    }

    /** hdr-histogram-percentiles-obj; latency in milliseconds (whole), requests and throughput per second. */
    interface Histogram {
      min: number;
      max: number;
      average: number;
      stddev: number;
      p50: number;
      p90: number;
      p99: number;
      p99_9: number;
    }

    interface Result {
      url: string;
      connections: number;
      duration: number;
      latency: Histogram;
      requests: Histogram & { total: number };
      throughput: Histogram;
      errors: number;
      timeouts: number;
      non2xx: number;
      "2xx": number;
      statusCodeStats: Record<string, { count: number }>;
    }
  }

  function autocannon(options: autocannon.Options): Promise<autocannon.Result>;

  export = autocannon;
}
