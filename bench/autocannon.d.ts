/** The part of autocannon 9's API the benchmark and the soak use (the package ships no types). */
declare module "autocannon" {
  export interface RequestOptions {
    method?: "GET" | "POST";
    path?: string;
    headers?: Record<string, string>;
    body?: string;
    /** With workers: the path of a CommonJS module exporting `(request) => request`, called before each request is sent (it may change the body and headers). */
    setupRequest?: string;
  }
  export interface Options extends RequestOptions {
    url: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    /** Requests in all, instead of a duration. */
    amount?: number;
    workers?: number;
    /** Requests per second over all connections (per worker). */
    overallRate?: number;
    /** Requests per second per connection. */
    connectionRate?: number;
    /** Each connection sends these in turn. */
    requests?: RequestOptions[];
    /** With workers: the path of a CommonJS module exporting `(body: string) => boolean`; false answers count as mismatches. */
    verifyBody?: string | ((body: string) => boolean);
    /** Seconds a request may take before it counts as a timeout. */
    timeout?: number;
  }
  export interface Histogram {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    p50: number;
    p90: number;
    p97_5: number;
    p99: number;
    max: number;
    total: number;
  }
  export interface Result {
    requests: Histogram;
    latency: Histogram;
    throughput: Histogram;
    errors: number;
    timeouts: number;
    non2xx: number;
    mismatches: number;
    duration: number;
  }
  export interface Instance extends PromiseLike<Result> {
    stop(): void;
    on(event: "response", listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): this;
    on(event: "done", listener: (result: Result) => void): this;
  }
  function autocannon(options: Options): Instance & Promise<Result>;
  export default autocannon;
}
