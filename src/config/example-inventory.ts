/**
 * The commented example that `perfmon config init` writes. Every section appears with a comment
 * saying what it does; a test checks it validates.
 */

const BODY = String.raw`#
# perfmon inventory: the hosts and platform components perfmon watches over plain SSH.
# Check it with:  perfmon config validate FILE        Watch it with:  perfmon --config FILE
#
# Conventions: keys are camelCase (dependsOn, readOnly); names of hosts, groups, components,
# controls and profiles use letters, digits, ".", "_" and "-". Durations are seconds (2, 0.5) or
# text with a unit (250ms, 30s, 15m, 2h, 30d). Unknown keys are errors.
#
# Commands are templates run on the host over SSH. {host} {address} {port} {user} {component}
# {role} (and {control} {value} in controls) are replaced by shell-quoted values (URL-encoded in
# URLs): never put quotes around a placeholder yourself. Write {{ and }} for literal braces.
# Inside flow style ([ ] or { }), put a value that contains {placeholders} in quotes.

version: 1
environment: staging          # shown in the header of every screen; say "production" where it is
interval: 1s                  # sampling interval, 250ms to 60s
rateWindow: 1m                # application rates, error ratios and latency quantiles over this window
readOnly: false               # true: no restart, degrade or dump from this inventory at all
actions: [restart, recover, degrade, dump-thread, dump-heap, load]   # the action kinds allowed

audit:
  path: ~/.local/state/perfmon/audit.jsonl   # every action, before and after it runs (JSON lines)

history:                      # what perfmon record keeps (perfmon history stats shows what it holds)
  path: ~/.local/state/perfmon/history       # the store directory (one writer, many readers)
  retention:                  # per tier, the oldest is deleted past this age
    raw: 14d                  # every sample, at full resolution
    1m: 90d                   # 1-minute rollups (min, max, mean)
    1h: 730d                  # 1-hour rollups: two years
  maxBytes: 2GiB              # the whole store; over it the oldest go, full resolution first

alerts:                       # rules perfmon record evaluates around the clock
  builtIn: true               # host down, and every threshold below as a warning and a critical rule
  rules:
    - name: FilesystemFullCritical   # a built-in name: only the fields given change
      for: 5m
      runbook: https://wiki.example.com/runbooks/disk-full
    - name: OrdersDiskAwait          # a rule of your own: a metric and above or below
      metric: disk_await_ms
      match: {host: /trade-.*/, device: nvme0n1}   # equal, or /regex/ over the whole value
      above: 50
      clear: 30               # once firing, resolves only below this
      for: 2m
      severity: critical
      summary: "disk {{device}} await {{value}} ms on {{host}}"
      labels: {team: trading}
  alertmanager:               # optional: alerts go on to a Prometheus Alertmanager (API v2)
    url: http://alertmanager.example.com:9093
    resend: 1m

thresholds:                   # warning / critical levels: percentages, except loadPerCore
  cpu: {warning: 70, critical: 90}
  memory: {warning: 70, critical: 90}
  swap: {warning: 70, critical: 90}
  disk: {warning: 70, critical: 90}          # device utilisation (share of time busy)
  filesystem: {warning: 80, critical: 90}    # space used
  loadPerCore: {warning: 1, critical: 2}     # 1-minute load average divided by the cores

ssh:                          # defaults for every host; ~/.ssh/config fills in what neither sets
  user: perfmon
  # port: 22
  # identityFile: ~/.ssh/id_ed25519          # offered after the ssh-agent's keys
  # proxyJump: ops@bastion.example.com       # as in ssh -J
  acceptNew: false            # true: record unknown host keys (a changed key is always refused)
  maxSessions: 10             # channels per connection (OpenSSH's MaxSessions default)
  maxStartups: 10             # SSH handshakes in flight at once
  connectTimeout: 10s
  keepaliveInterval: 15s      # a host silent for 3 keepalives is marked down

hosts:                        # address defaults to the name (a DNS name or ~/.ssh/config alias)
  - name: oe-1
    address: 10.0.1.11
    labels: {tier: trading, dc: ny4}
    jvm:
      sudoUser: orders        # jcmd runs as the JVM's owner through sudo -n -u
      dumpDir: /var/tmp       # heap dumps are written here, then fetched
  - name: oe-2
    address: 10.0.1.12
    labels: {tier: trading, dc: ny4}
    jvm: {sudoUser: orders, dumpDir: /var/tmp}
  - name: md-1
    address: md-1.example.com
    port: 2222
    labels: {tier: trading, dc: ny4}
  - name: web-1
    address: web-1.example.com
    user: deploy
    labels: {tier: web, dc: ld4}
  - name: db-1
    address: 10.0.3.10
    labels: {tier: data, dc: ny4}
  - name: mq-1
    address: 10.0.3.20
    labels: {tier: data, dc: ny4}

groups:                       # perfmon --group NAME
  trading: [oe-1, oe-2, md-1] # a list of host names
  market-data: [md-1]
  ny4:
    labels: {dc: ny4}         # a label selector: every label must match
  data:
    hosts: [db-1]
    labels: [{tier: data}, {dc: /ld.*/}]     # a list of selectors: any may match; /…/ is a regex

appMetrics:                   # application metrics per role, overriding perfmon's built-in mappings
  order-engine:
    ordersPerSec: {type: rate, metric: orders_received_total}
    orderLatency: {type: histogram, metric: order_processing_seconds, scale: 1000, unit: ms}
    errorRate:
      type: ratio             # rate(numerator) / rate(denominator)
      numerator: {metric: orders_rejected_total}
      denominator: {metric: orders_received_total}
      scale: 100
      unit: "%"

components:
  - name: database
    role: database            # order-engine, market-data, auth, database, broker, web, gateway, or your own
    hosts: [db-1]
    priority: 0               # among components that do not depend on each other, lower goes first
    health:
      command: pg_isready -q  # healthy when it exits 0
    database:                 # the database pane reads PostgreSQL through psql over SSH
      type: postgres
      user: postgres
      database: trading
      port: 5432
      sudoUser: postgres      # run psql through sudo -n -u postgres (peer authentication)
    metrics: [localhost:9187/metrics]        # Prometheus endpoints as seen from the host

  - name: broker
    role: broker
    hosts: [mq-1]
    priority: 0
    health:
      command: rabbitmq-diagnostics -q check_running
      timeout: 10s
    restart: sudo -n systemctl restart rabbitmq-server
    queues:
      - type: rabbitmq
        via: prometheus       # the rabbitmq_prometheus plugin; or rabbitmqctl over SSH
        endpoint: localhost:15692/metrics/per-object
        exclude: ["^amq\\."]  # regexes on queue names
        limit: 100000         # depth at which a queue counts as full (time to overflow)

  - name: order-engine
    role: order-engine
    description: matches and routes orders for every venue
    hosts: [oe-1, oe-2]
    dependsOn: [database, broker]            # recovered after these are healthy
    maxUnavailable: 1         # hosts down at once in a rolling restart; or a share: 25%
    health:
      http:                   # fetched through the SSH connection
        url: http://localhost:8080/health
        status: 200
        contains: UP
      timeout: 5s             # one check
      interval: 2s            # between checks
      healthyFor: 10s         # passing this long counts as healthy
      startTimeout: 2m        # after a restart, give up waiting after this long
    drain: sudo -n /opt/lb/drain {host}    # out of the load balancer before the restart
    undrain: sudo -n /opt/lb/undrain {host}
    restart: sudo -n systemctl restart order-engine
    # or, instead of restart:  stop: …   start: …
    commandTimeout: 60s
    metrics: [localhost:9404/metrics]
    appMetrics:               # this component only, over appMetrics.order-engine above
      ordersPerSec: {type: rate, metric: orders_received_total, labels: {venue: /X.*/}}
    slos:
      - name: order-latency
        type: latency         # p99 of orderLatency under 50ms, 99.5% of the time
        metric: orderLatency
        percentile: 99
        threshold: 50ms
        objective: 99.5
        window: 30d           # error budget window
        shortWindow: 5m       # burn-rate alert windows (Google SRE workbook)
        longWindow: 1h
        burnRate: 14.4
      - name: orders-succeed
        type: error-rate      # 99.9% of orders succeed; errorRate is the failed share
        metric: errorRate
        objective: 99.9
      - name: available
        type: availability    # from the health check (or good/total counters)
        objective: 99.95
    controls:                 # degradation: flags and throttles, shown with their current state
      - name: new-orders
        type: flag
        description: accept new orders (off rejects them as "market closed")
        on: curl -fsS -X POST http://localhost:8080/admin/flags/new-orders/on
        off: curl -fsS -X POST http://localhost:8080/admin/flags/new-orders/off
        read: curl -fsS http://localhost:8080/admin/flags/new-orders
        normal: on            # its state in normal operation (default off); any other shows DEGRADED
      - name: order-rate
        type: throttle
        value: 500            # substituted as {value}
        on: {http: {method: POST, url: "http://localhost:8080/admin/throttle?rate={value}"}}
        off: {http: {method: DELETE, url: "http://localhost:8080/admin/throttle"}}
        read: {http: {url: "http://localhost:8080/admin/throttle"}}
        onPattern: "^rate=\\d+"               # read output matching this means on
        scope: each-host      # or one-host for a cluster-wide admin call
    logs: {unit: order-engine.service}   # or {file: /var/log/order-engine.log}: perfmon logs, the Logs pane
    runbook:
      url: https://wiki.example.com/runbooks/order-engine
      text: Orders backing up? show-sessions first; flush-cache only if the cache is stale.
      commands:               # run from the palette or perfmon runbook order-engine NAME
        - name: show-sessions
          description: FIX sessions open on the host
          command: ss -tn state established '( sport = :9878 )'
        - name: flush-cache
          command: curl -fsS -X POST http://localhost:8080/admin/cache/flush
          changes: true       # previewed, confirmed, audited; hidden with --read-only

  - name: market-data
    role: market-data
    group: market-data        # runs on the hosts of a group (added to any listed in hosts)
    dependsOn: [broker]
    health:
      command: systemctl is-active --quiet market-data
    stop: sudo -n systemctl stop market-data
    start: sudo -n systemctl start market-data
    slos:
      - name: tick-rate
        type: throughput      # at least 1000 updates/s, 99% of the time
        metric: marketDataUpdatesPerSec
        min: 1000
        objective: 99
    controls:
      - name: depth-updates
        type: flag
        on: sudo -n /opt/md/bin/feature depth on
        off: sudo -n /opt/md/bin/feature depth off
        read: sudo -n /opt/md/bin/feature depth

  - name: fix-gateway
    role: gateway
    hosts: [web-1]
    dependsOn: [order-engine]
    health:
      http: {url: http://localhost:9880/ready}
    restart: sudo -n systemctl restart fix-gateway
    metrics: [localhost:9881/metrics]
    queues:
      - type: prometheus      # any exporter that publishes depth and rates
        endpoint: localhost:9881/metrics
        queueLabel: session
        depth: {metric: fix_outbound_queue_depth}
        publishRate: {metric: fix_outbound_enqueued_total}
        consumeRate: {metric: fix_outbound_sent_total}

profiles:                     # perfmon degrade --profile NAME [--for 15m]; --revert undoes it
  shed-load:
    description: stop new orders and throttle the rest while the venue recovers
    duration: 15m             # reverted automatically after this long
    set:
      - {component: order-engine, control: order-rate, state: on}
      - {component: market-data, control: depth-updates, state: off}

tuningProfiles:               # perfmon tune --profile NAME (built in: low-latency, throughput)
  trading:
    extends: low-latency      # its rules apply unless set here
    rules:                    # by setting id: exactly one of min, max or oneOf, and why
      sysctl.vm.swappiness: {max: 1, why: the order engine must never swap}
      jvm.collector: {oneOf: [ZGC], why: certified on generational ZGC}
`;

/** The example inventory; with a schema URL, the first line lets editors complete and check it. */
export function exampleInventory(schemaUrl?: string): string {
  const editorLine =
    schemaUrl === undefined
      ? '# For completion in editors, add: # yaml-language-server: $schema=<path to perfmon.schema.json>'
      : `# yaml-language-server: $schema=${schemaUrl}`;
  return `${editorLine}\n${BODY}`;
}
