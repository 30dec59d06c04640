/** Application metrics from components' Prometheus endpoints, fetched through each host's transport. */
export { sshTransport, type Transport, type HttpTarget, type HttpGetOptions, type ExecOnHostOptions, type SshLike } from './transport.js';
export { httpGetOverStream, HttpGetError, urlOf, type HttpResponse } from './http-get.js';
export { scrapeEndpoint, ScrapeError, type Scrape, type ScrapeOptions } from './scrape.js';
export { counterInterval, histogramInterval, currentValues, selectorFor, counterNames, type ScrapeInterval } from './interval-math.js';
export { evaluateMapping, type EvaluateOptions } from './evaluate-mapping.js';
export { BUILT_IN_APP_METRICS } from './role-defaults.js';
export { AppMetricsCollector, type AppMetricsTarget, type AppMetricsOptions } from './app-metrics-collector.js';
export type * from '../../model/app-reading.js';
