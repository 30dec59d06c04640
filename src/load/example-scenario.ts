/**
 * The commented example that `perfmon load init` writes: every key of a scenario with what it
 * does. A test checks that it validates and runs.
 */

const BODY = `#
# perfmon load scenario. Run it with:  perfmon load FILE   (--json for JSON lines)
# The exit code is 0 when every threshold holds, 1 when one fails or the run is stopped.
#
# Durations are seconds (2, 0.5) or text with a unit (250ms, 30s, 15m). Unknown keys are errors.
# Templates (url, headers, body) take \${n} (the request's number), \${user} (closed model: the
# user sending it) and \${SOURCE.COLUMN} (a column of a data source below).

name: quotes-baseline          # the run is reported under this name
# environment: staging         # the inventory environment this is for; required for production
target: http://127.0.0.1:8080  # base URL of the paths below

# open: stages are arrival rates (requests/s); each request has an intended start time and its
#       latency counts from then, so a stalled server shows its real tail.
# closed: stages are concurrent users, each sending, waiting for the answer, then thinking.
model: open
stages:                        # each ramps linearly from the previous target to its own
  - { duration: 5s, target: 50 }    # ramp up to 50 requests/s
  - { duration: 20s, target: 50 }   # hold
  - { duration: 5s, target: 0 }     # ramp down
connections: 32                # HTTP connections per target origin
maxInFlight: 2000              # open model: past this many outstanding, due requests are dropped (and counted)
timeout: 5s                    # no full response by then: the request fails
thinkTime: 0                   # closed model: pause between a user's requests; or { min: 100ms, max: 1s }

# data:                        # CSV files with a header line, relative to this file, as \${symbols.ticker}
#   symbols: { file: symbols.csv, mode: sequential }   # sequential | random | unique (each row once)

requests:                      # the transaction mix, drawn by weight
  - name: quote
    weight: 3
    method: GET
    url: /quote?n=\${n}
    checks:
      - status: 200
  - name: order
    weight: 1
    method: POST
    url: /order
    headers: { content-type: application/json }
    body: '{"id": \${n}, "qty": 1}'
    checks:                    # a request fails when any check fails
      - status: [200, 201]
      # - bodyContains: accepted
      # - json: { path: order.state, equals: accepted }

thresholds:                    # METRIC OP VALUE: pNN, max, mean, errors, dropped, late, checks, rps
  - p99 < 50ms
  - errors < 0.5%
  - rps >= 35
`;

/** The example, with a modeline pointing editors at the JSON Schema when its URL is known. */
export function exampleScenario(schemaUrl?: string): string {
  const modeline = schemaUrl === undefined ? '' : `# yaml-language-server: $schema=${schemaUrl}\n`;
  return modeline + BODY;
}
