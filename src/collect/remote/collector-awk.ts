/**
 * The awk half of the remote collector (see collector-script.ts for the shell half and
 * parse-collector-record.ts for the wire format it prints).
 *
 * One long-lived awk reads /proc with getline + close(), keeps the previous counters and
 * prints one framed record per tick, in a single printf + fflush() so a record leaves in
 * one write. Portable to mawk (1.3.3 too), gawk and busybox awk, hence: no `^` or math
 * functions (busybox may lack libm), no [[:classes:]] or {n} in regexes (mawk 1.3.3), no
 * length(array), no NUL in regexes (busybox strings are C strings). No apostrophes may
 * appear anywhere in it: the shell passes it in single quotes. Full-line # comments and
 * indentation are stripped before it is sent.
 *
 * Input lines from the shell: `P <dir>` a /proc/<pid> directory (from the shell's glob),
 * `D <line>` a line of `df -kP` output, `Q` df finished, `H` hello, `T <seq> <flags> <n>`
 * tick, `E` end of the tick; lines of dots are filler (see collector-script.ts) and match
 * no rule.
 */
/**
 * How many process lists a process sent in full stays known to both ends, so it can be sent
 * short (pid and figures only) when it shows up again. The session applies the same rule.
 */
export const PROCESS_LISTS_KEPT = 12;

export const COLLECTOR_AWK = String.raw`
function rd(f,   l) { l = ""; if ((getline l < f) <= 0) l = ""; close(f); return l }
function add(s) { O = O s "\n" }
# Trailing zero fields are elided on the wire; the parser reads missing numbers as 0.
function z(s) { sub(/( 0)+$/, "", s); return s }
function n1(x) { if (x < 0.05) return "0"; x = sprintf("%.1f", x); sub(/\.0$/, "", x); return x }
function n2(x) { if (x < 0.005) return "0"; x = sprintf("%.2f", x); sub(/0+$/, "", x); sub(/\.$/, "", x); return x }
function i0(x) { return x < 0.5 ? "0" : sprintf("%.0f", x) }
# Delta of counter j of item k since the previous call (0 the first time or on a reset).
function dl(k, j, v,   d) { d = ((k, j) in PV) ? v - PV[k, j] : 0; PV[k, j] = v; return d < 0 ? 0 : d }
# Percentages of user (+nice), system (+irq, softirq), iowait and steal; guest time is already
# inside user. Busy is not sent: it is user + system + steal. All cores go on one C line.
function cpu(e,   f, l, a, k, u, s, i, w, st, t, g, cl) {
  f = R "/proc/stat"; NCORE = 0; cl = "C"
  while ((getline l < f) > 0) {
    if (substr(l, 1, 3) != "cpu") break
    split(l, a, " "); k = a[1]
    u = dl(k, 1, a[2] + a[3]); s = dl(k, 2, a[4] + a[7] + a[8]); i = dl(k, 3, a[5])
    w = dl(k, 4, a[6]); st = dl(k, 5, a[9] + 0); t = u + s + i + w + st
    if (k != "cpu") NCORE++
    if (!e) continue
    if (t <= 0) t = 1
    if (k == "cpu") { add(z("c " n1(u * 100 / t) " " n1(s * 100 / t) " " n1(w * 100 / t) " " n1(st * 100 / t))); continue }
    g = i0(u * 100 / t) "," i0(s * 100 / t) "," i0(w * 100 / t) "," i0(st * 100 / t)
    sub(/(,0)+$/, "", g); cl = cl " " g
  }
  close(f)
  if (e) add(NCORE ? cl : "x cannot read " f)
}
function mem(   f, l, a, m) {
  f = R "/proc/meminfo"
  while ((getline l < f) > 0) { split(l, a, " "); m[a[1]] = a[2] }
  close(f)
  if (!("MemAvailable:" in m)) m["MemAvailable:"] = m["MemFree:"] + m["Buffers:"] + m["Cached:"]
  add(z("m " i0(m["MemTotal:"]) " " i0(m["MemAvailable:"]) " " i0(m["MemFree:"]) " " i0(m["Cached:"] + m["SReclaimable:"]) " " i0(m["Buffers:"]) " " i0(m["SwapTotal:"]) " " i0(m["SwapFree:"])))
}
# A whole disk has /sys/block/<name>; a partition is left out when its disk is listed.
function whole(k,   x) { if (!(k in WH)) { WH[k] = (getline x < (R "/sys/block/" k "/dev")) > 0; close(R "/sys/block/" k "/dev") } return WH[k] }
function disks(e,   f, l, a, n, m, i, j, k, dn, r, w, rt, wt, io, q, sk, L) {
  f = R "/proc/diskstats"; m = 0
  while ((getline l < f) > 0) {
    n = split(l, a, " ")
    if (n < 14 || a[3] ~ /^(loop|ram)/ || a[4] + a[8] == 0) continue
    dn[++m] = a[3]; L[m] = l; whole(a[3])
  }
  close(f)
  for (i = 1; i <= m; i++) {
    k = dn[i]; sk = 0
    if (!WH[k]) for (j = 1; j <= m; j++) if (WH[dn[j]] && index(k, dn[j]) == 1) sk = 1
    if (sk) continue
    split(L[i], a, " ")
    r = dl(k, 4, a[4]); w = dl(k, 8, a[8]); rt = dl(k, 7, a[7]); wt = dl(k, 11, a[11])
    io = dl(k, 13, a[13]); q = dl(k, 14, a[14]); a[6] = dl(k, 6, a[6]); a[10] = dl(k, 10, a[10])
    if (!e) continue
    l = "d " k " " n1(r / DT) " " n1(w / DT) " " i0(a[6] * 512 / DT) " " i0(a[10] * 512 / DT) " " n1(io < DT * 1000 ? io / DT / 10 : 100) " " n2(q / DT / 1000)
    # await is null (absent) when nothing completed in the interval
    add(r + w > 0 ? l " " n2((rt + wt) / (r + w)) : z(l))
  }
}
function net(e,   f, l, a, i, j, k) {
  f = R "/proc/net/dev"; i = 0
  while ((getline l < f) > 0) {
    if (++i <= 2 || !(j = index(l, ":"))) continue
    k = substr(l, 1, j - 1); gsub(/ /, "", k)
    if (split(substr(l, j + 1), a, " ") < 12 || a[1] + a[2] + a[9] + a[10] == 0) continue
    for (j = 1; j <= 12; j++) a[j] = dl("n" k, j, a[j])
    if (e) add(z("n " k " " i0(a[1] / DT) " " i0(a[9] / DT) " " n1(a[2] / DT) " " n1(a[10] / DT) " " i0(a[3]) " " i0(a[11]) " " i0(a[4]) " " i0(a[12])))
  }
  close(f)
}
# Retransmits per second every tick (cheap); sockets by state only when the tick asks (s):
# reading /proc/net/tcp walks the whole established hash table, whose size grows with RAM
# (3.5 ms per file for 256 K buckets), however few sockets there are.
function tcp(e,   f, l, c, i, o, v, h, a, b, r) {
  f = R "/proc/net/snmp"; h = ""; r = ""
  while ((getline l < f) > 0) if (substr(l, 1, 4) == "Tcp:") {
    if (h == "") { h = l; continue }
    split(h, a, " "); split(l, b, " ")
    for (i in a) if (a[i] == "RetransSegs") r = b[i]
    break
  }
  close(f)
  v = "-"
  if (r != "") { if (RTX != "") v = n1((r - RTX > 0 ? r - RTX : 0) / DT); RTX = r }
  if (!e) return
  add("r " v)
  if (FL !~ /s/) return
  for (v = 4; v <= 6; v += 2) {
    f = R "/proc/net/tcp" (v == 6 ? "6" : ""); o = v == 6 ? 78 : 30; i = 0
    # the state is at a fixed offset after the first colon (addresses are fixed width)
    while ((getline l < f) > 0) if (i++) c[substr(l, index(l, ":") + o, 2)]++
    close(f)
  }
  l = "t"
  for (i = 1; i <= 11; i++) l = l " " (c[TS[i]] + 0)
  add(z(l))
}
# Fills A[1..n] with the arguments of pid and returns n (0 for kernel threads and zombies).
# mawk and gawk keep NULs inside the record; busybox awk ends records at NUL instead.
function argv(p,   f, l, s, n) {
  f = R "/proc/" p "/cmdline"; s = ""; n = 0
  while ((getline l < f) > 0) if (NUL) s = s (n++ ? " " : "") l; else A[++n] = l
  close(f)
  if (NUL && n) { n = split(s, A, NULC); if (n && A[n] == "") n-- }
  return n
}
function args(p, c,   n, i, s) {
  n = argv(p); s = A[1]
  for (i = 2; i <= n; i++) s = s " " A[i]
  if (!n || s == "") s = c
  gsub(/[\t\r]/, " ", s)
  if (length(s) > 512) s = substr(s, 1, 320) " ... " substr(s, length(s) - 186)
  return s
}
function user(p,   f, l, a, u) {
  f = R "/proc/" p "/status"; u = "?"
  while ((getline l < f) > 0) if (substr(l, 1, 4) == "Uid:") { split(l, a, " "); u = a[3]; break }
  close(f)
  return u in UN ? UN[u] : u
}
# The main class of a JVM, or its jar: the first argument that is neither an option nor the
# value of an option that takes one (java and commons-daemon jsvc options).
function jmain(p,   n, i, x) {
  n = argv(p)
  for (i = 2; i <= n; i++) {
    x = A[i]
    if (x == "-jar" || x == "-m" || x == "--module") return i < n ? A[i + 1] : "?"
    if (x ~ /^(-cp|-classpath|--class-path|-p|--module-path|--upgrade-module-path|--add-modules|--add-opens|--add-exports|--add-reads|--patch-module|--limit-modules|--source|-user|-home|-pidfile|-outfile|-errfile|-procname|-java-home|-cwd|-wait|-umask)$/) { i++; continue }
    if (x !~ /^[-@]/ && x != "") return x
  }
  return "?"
}
# Bytes per second a process read and wrote to storage since the last tick (/proc/<pid>/io,
# readable for the login user own processes, every one as root); -1 when unknown. Read only for a
# process running or in disk wait now, or that did I/O at the last tick: a few per tick, not all.
function pio(p, st,   f, l, a, b, k, r) {
  f = R "/proc/" p "/io"; b = 0; k = 0; r = -1
  while ((getline l < f) > 0) if (l ~ /^(read|write)_bytes:/) { split(l, a, " "); b += a[2]; k++ }
  close(f)
  if (k != 2) return -1
  if ((p in IB) && IS[p] == st && U > IU[p]) r = (b - IB[p]) / (U - IU[p])
  NIB[p] = b; NIU[p] = U; NIS[p] = st; NIR[p] = r
  return r < 0 ? -1 : r
}
function procs(e,   i, p, f, l, x, j, a, c, dt, n, r, b, mk, tk, ik, m, L, gone, jm, js, ju) {
  dt = U - PU; PU = U; n = 0
  for (i = 1; i <= NP; i++) {
    p = PID[i]; f = R "/proc/" p "/stat"; l = ""
    while ((getline x < f) > 0) l = l x " "
    close(f)
    # comm is in parentheses and may itself hold ") " : the last ")" ends it
    if (!match(l, /.*\)/) || (j = index(l, "(")) == 0 || split(substr(l, RLENGTH + 2), a, " ") < 22) continue
    n++; QP[n] = p; QN[n] = substr(l, j + 1, RLENGTH - j - 1); QS[n] = a[1]; QH[n] = a[18]
    QR[n] = a[22] * PG / 1024; QT[n] = a[20]; c = a[12] + a[13]
    QI[n] = (a[1] == "R" || a[1] == "D" || IR[p] > 0) ? pio(p, a[20]) : -1
    if (OS[p] == a[20] && (p in OT) && dt > 0) QU[n] = (c - OT[p]) * 100 / HZ / dt
    else { x = U - a[20] / HZ; QU[n] = x > 0 ? c * 100 / HZ / x : 0 }
    NT[p] = c; NS[p] = a[20]
  }
  split("", OT); split("", OS)
  for (p in NT) { OT[p] = NT[p]; OS[p] = NS[p] }
  split("", NT); split("", NS)
  split("", IB); split("", IU); split("", IS); split("", IR)
  for (p in NIB) { IB[p] = NIB[p]; IU[p] = NIU[p]; IS[p] = NIS[p]; IR[p] = NIR[p] }
  split("", NIB); split("", NIU); split("", NIS); split("", NIR)
  if (!e) return
  # the union of the top TOPN by cpu (busy ones only) and the top TOPN by rss
  m = 0
  for (r = 0; r < TOPN; r++) {
    b = 0
    for (i = 1; i <= n; i++) if (!(i in tk) && QU[i] > 0 && (!b || QU[i] > QU[b])) b = i
    if (!b) break
    tk[b] = 1; L[++m] = b
  }
  for (r = 0; r < TOPN; r++) {
    b = 0
    for (i = 1; i <= n; i++) if (!(i in mk) && (!b || QR[i] > QR[b])) b = i
    if (!b) break
    mk[b] = 1; if (!(b in tk)) { tk[b] = 1; L[++m] = b }
  }
  # and the top few by storage I/O (a writer that waits on the disk uses little CPU)
  for (r = 0; r < 3; r++) {
    b = 0
    for (i = 1; i <= n; i++) if (!(i in ik) && QI[i] > 0 && (!b || QI[i] > QI[b])) b = i
    if (!b) break
    ik[b] = 1; if (!(b in tk)) { tk[b] = 1; L[++m] = b }
  }
  add("P")
  # A process sent in full in one of the last KEEP lists (same pid and start time) is sent
  # short; perfmon keeps the same lists by the same rule. P asks for everything in full.
  if (FL ~ /P/) { split("", SENT); split("", SENTL); NL = 0 }
  NL++
  for (r = 1; r <= m; r++) {
    i = L[r]; p = QP[i]
    l = "p " p " " n1(QU[i]) " " i0(QR[i]) " " QS[i] " " QH[i] (QI[i] >= 0 ? " " i0(QI[i]) : "")
    if (!(p in SENT) || SENT[p] != QT[i]) { x = QN[i]; gsub(/\t/, " ", x); l = l "\t" user(p) "\t" x "\t" args(p, x) }
    add(l); SENT[p] = QT[i]; SENTL[p] = NL
  }
  for (p in SENTL) if (SENTL[p] <= NL - KEEP) gone[p] = 1
  for (p in gone) { delete SENT[p]; delete SENTL[p] }
  for (i = 1; i <= n; i++) if (QN[i] == "java" || QN[i] == "jsvc") {
    p = QP[i]
    if (JS[p] != QT[i]) { JS[p] = QT[i]; JM[p] = jmain(p); JU[p] = user(p) }
    x = JM[p]; gsub(/\t/, " ", x)
    add("j " p "\t" JU[p] "\t" x); js[p] = JS[p]; jm[p] = JM[p]; ju[p] = JU[p]
  }
  split("", JS); split("", JM); split("", JU)
  for (p in js) { JS[p] = js[p]; JM[p] = jm[p]; JU[p] = ju[p] }
}
# Called when a df run has finished: keeps the real filesystems (pseudo and snap filesystems,
# the overlays and mounts of containers left out), typed from /proc/mounts.
function dfdone(   f, l, a, i, m, t, d, n, k, x) {
  f = R "/proc/mounts"
  while ((getline l < f) > 0) { split(l, a, " "); m = a[2]; gsub(/\\040/, " ", m); t[m] = a[3] }
  close(f)
  n = 0
  for (i = 1; i <= NDF; i++) {
    l = DF[i]
    if (!match(l, / +[0-9]+ +[0-9]+ +[0-9]+ +([0-9]+%|-) +\//)) continue
    d = substr(l, 1, RSTART - 1); m = substr(l, RSTART + RLENGTH - 1); split(substr(l, RSTART, RLENGTH - 1), a, " ")
    f = m in t ? t[m] : "?"
    if (a[1] == 0 || f ~ /^(proc|sysfs|devpts|devtmpfs|cgroup2?|securityfs|debugfs|tracefs|mqueue|hugetlbfs|pstore|bpf|configfs|fusectl|binfmt_misc|autofs|rpc_pipefs|nsfs|squashfs|efivarfs|ramfs|selinuxfs)$/ || (f == "overlay" && m != "/")) continue
    # container plumbing: hundreds of per-pod mounts on a Kubernetes node
    if (m ~ /^\/(var\/lib\/(kubelet|docker|containers)|run\/(containerd|netns|user|credentials|k3s)|snap)\//) continue
    gsub(/\t/, " ", d); gsub(/\t/, " ", m)
    # a mount point mounted twice is listed once, as the later mount (the visible one)
    if (!(m in k)) k[m] = ++n
    x[k[m]] = "f " a[1] " " a[2] " " a[3] " " f "\t" d "\t" m "\n"
  }
  FSOUT = ""
  for (i = 1; i <= n; i++) FSOUT = FSOUT x[i]
  NDF = 0; FSNEW = 1; DFP = 0
}
function sample(e,   a) {
  split(rd(R "/proc/uptime"), a, " "); U = a[1] + 0
  DT = U - LU; if (DT < 0.01) DT = 0.01
  LU = U
  if (e) { add("u " int(U) " " n2(DT)); split(rd(R "/proc/loadavg"), a, " "); add("l " (a[1] + 0) " " (a[2] + 0) " " (a[3] + 0)) }
  cpu(e)
  if (e) mem()
  disks(e); net(e); tcp(e)
  if (NP) procs(e)
  NP = 0
  if (!e) return
  if (FSNEW) { add("F"); O = O FSOUT; FSNEW = 0 }
  if (DFP) add("D " int(U - DFT))
}
function out(s) { printf "%s", "B " s "\n" O "E " s " " length(O) "\n"; fflush(); O = "" }
BEGIN {
  NULC = sprintf("%c", 0); NUL = length(NULC) == 1
  HZ = T + 0; if (HZ <= 0) HZ = 100
  PG = 4096; f = R "/proc/self/smaps"
  while ((getline l < f) > 0) if (l ~ /^KernelPageSize:/) { split(l, a, " "); PG = a[2] * 1024; break }
  close(f)
  f = R "/etc/passwd"
  while ((getline l < f) > 0) { split(l, a, ":"); if (!(a[3] in UN)) UN[a[3]] = a[1] }
  close(f)
  split("01 02 03 04 05 06 07 08 09 0A 0B", TS, " ")
  TOPN = 10; DFP = 1; KEEP = ${PROCESS_LISTS_KEPT}
}
$1 == "P" { i = split($2, a, "/"); PID[++NP] = a[i]; next }
$1 == "D" { DF[++NDF] = substr($0, 3); next }
$1 == "Q" { dfdone(); next }
$1 == "H" {
  sample(0); DFT = U
  add("H 1 " HZ " " PG " " NCORE " " rd(R "/proc/sys/kernel/hostname") " " rd(R "/proc/sys/kernel/osrelease"))
  out(0); next
}
$1 == "T" { SEQ = $2; FL = $3; if ($4 + 0 > 0) TOPN = $4 + 0; if (FL ~ /f/ && !DFP) { DFP = 1; DFT = U }; next }
$1 == "E" { sample(1); out(SEQ); next }
`;
