/**
 * Sends perfmon's alerts to a Prometheus Alertmanager (API v2, `POST /api/v2/alerts`), so an
 * existing routing tree, e-mail and paging work unchanged. As Prometheus does: firing alerts
 * are sent when they fire and re-sent every `resendMs` with an end time a few resends ahead
 * (should perfmon stop, Alertmanager resolves them by itself), resolved ones once with their
 * end time. A failing Alertmanager is retried with backoff and reported once; it never blocks
 * the rules, and what it missed is sent when it is back (firing alerts only once, the latest).
 * perfmon's silences become Alertmanager silences (the runner keeps them in step).
 */
import { nextBackoffMs } from '../runtime/backoff.js';
import type { Alert, AlertTransition } from './alert-evaluator.js';
import type { Silence } from './silences.js';

export interface AlertmanagerOptions {
  /** The Alertmanager's base URL: `http://am.example:9093`. */
  url: string;
  /** Firing alerts are re-sent this often; default 60 s. */
  resendMs?: number;
  /** Per request; default 10 s. */
  timeoutMs?: number;
  /** Told when sending fails (once per outage) and when it works again. */
  onProblem?: (message: string) => void;
  /** Most alerts kept for sending while the Alertmanager is unreachable; default 10 000. */
  maxQueued?: number;
}

/** The JSON Alertmanager's API v2 takes for one alert (postableAlert). */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt?: string;
}

export class AlertmanagerNotifier {
  /** By alert id: the latest word on each alert not yet delivered. */
  private readonly queued = new Map<string, Alert>();
  private readonly lastSent = new Map<string, number>();
  private sending: Promise<void> | null = null;
  private failures = 0;
  private retryAt = 0;
  private readonly endpoint: string;

  constructor(private readonly options: AlertmanagerOptions) {
    let url: URL;
    try {
      url = new URL('api/v2/alerts', options.url.endsWith('/') ? options.url : `${options.url}/`);
    } catch {
      throw new Error(`alertmanager url ${JSON.stringify(options.url)} is not a URL (e.g. http://alertmanager:9093)`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`alertmanager url ${options.url} must be http:// or https://`);
    this.endpoint = url.href;
  }

  /** Takes the evaluator's transitions: firing and resolved go out, pending ones are not news. */
  notify(transitions: readonly AlertTransition[]): void {
    for (const t of transitions) if (t.to === 'firing' || t.to === 'resolved') this.enqueue(t.alert);
  }

  /** Queues the firing alerts due for their re-send, then sends what is queued (unless backing off). */
  tick(now: number, alerts: readonly Alert[]): Promise<void> {
    const resendMs = this.options.resendMs ?? 60_000;
    for (const a of alerts) if (a.state === 'firing' && now - (this.lastSent.get(a.id) ?? 0) >= resendMs) this.enqueue(a);
    if (now < this.retryAt) return Promise.resolve();
    return this.send(now);
  }

  /** Sends everything queued now, whatever the backoff; resolves when the attempt is over. */
  flush(now = Date.now()): Promise<void> {
    return this.send(now);
  }

  get pending(): number {
    return this.queued.size;
  }

  private enqueue(alert: Alert): void {
    this.queued.delete(alert.id); // re-inserted last: the oldest are dropped first when full
    this.queued.set(alert.id, alert);
    const max = this.options.maxQueued ?? 10_000;
    for (const id of this.queued.keys()) {
      if (this.queued.size <= max) break;
      this.queued.delete(id);
    }
  }

  private send(now: number): Promise<void> {
    if (this.sending) return this.sending;
    if (this.queued.size === 0) return Promise.resolve();
    const batch = [...this.queued.values()];
    const body = JSON.stringify(batch.map((a) => postable(a, now, 4 * (this.options.resendMs ?? 60_000))));
    this.sending = this.post(body)
      .then(
        () => {
          for (const a of batch) {
            if (this.queued.get(a.id) === a) this.queued.delete(a.id);
            if (a.state === 'resolved') this.lastSent.delete(a.id);
            else this.lastSent.set(a.id, now);
          }
          if (this.failures > 0) this.options.onProblem?.(`alertmanager ${this.options.url}: sending works again`);
          this.failures = 0;
          this.retryAt = 0;
        },
        (error: unknown) => {
          if (this.failures === 0) this.options.onProblem?.(`alertmanager ${this.options.url}: cannot send ${batch.length} alert(s): ${error instanceof Error ? error.message : String(error)}; retrying`);
          this.retryAt = now + nextBackoffMs(this.failures, { baseMs: 1000, maxMs: 60_000 });
          this.failures += 1;
        },
      )
      .finally(() => {
        this.sending = null;
      });
    return this.sending;
  }

  private async post(body: string): Promise<void> {
    await this.request('POST', this.endpoint, body);
  }

  /**
   * A perfmon silence as an Alertmanager silence (POST /api/v2/silences): the alerts keep being
   * sent, so Alertmanager never takes them for resolved, and it notifies no one while it lasts.
   * Returns the Alertmanager's silence id. `exact`: every matcher is an equality (an ack's
   * silence matches one alert's labels as they are).
   */
  async putSilence(silence: Silence, how: { exact?: boolean; comment?: string } = {}): Promise<string> {
    const matchers = Object.entries(silence.matchers).map(([name, pattern]) => {
      const regex = !how.exact && pattern.length >= 2 && pattern.startsWith('/') && pattern.endsWith('/');
      return { name, value: regex ? pattern.slice(1, -1) : pattern, isRegex: regex, isEqual: true };
    });
    const body = JSON.stringify({ matchers, startsAt: silence.startsAt, endsAt: silence.endsAt, createdBy: silence.createdBy, comment: how.comment ?? `perfmon silence ${silence.id}${silence.comment ? `: ${silence.comment}` : ''}` });
    const reply = (await this.request('POST', new URL('silences', this.endpoint).href, body)) as { silenceID?: string };
    if (typeof reply?.silenceID !== 'string') throw new Error('the Alertmanager did not return a silence id');
    return reply.silenceID;
  }

  /** Ends an Alertmanager silence made by putSilence. */
  async expireSilence(alertmanagerId: string): Promise<void> {
    await this.request('DELETE', new URL(`silence/${encodeURIComponent(alertmanagerId)}`, this.endpoint).href);
  }

  private async request(method: string, url: string, body?: string): Promise<unknown> {
    const response = await fetch(url, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body }),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    const text = (await response.text().catch(() => '')).trim();
    if (!response.ok) throw new Error(`HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`);
    try {
      return text === '' ? null : (JSON.parse(text) as unknown);
    } catch {
      return null;
    }
  }
}

/** One alert as Alertmanager takes it; a firing one ends `aheadMs` from now unless re-sent. */
export function postable(a: Alert, now: number, aheadMs: number): PostableAlert {
  const annotations: Record<string, string> = { summary: a.summary, value: String(a.value), threshold: String(a.threshold) };
  if (a.runbook !== undefined) annotations[/^https?:\/\//.test(a.runbook) ? 'runbook_url' : 'runbook'] = a.runbook;
  if (a.flapping) annotations['flapping'] = 'true';
  const ends = a.state === 'resolved' ? (a.resolvedAt ?? now) : now + aheadMs;
  return { labels: { ...a.labels }, annotations, startsAt: new Date(a.firedAt ?? a.activeSince).toISOString(), endsAt: new Date(ends).toISOString() };
}
