#!/bin/sh
# Captures the real OpenSSH output the known_hosts unit tests read (fixtures/ssh/):
# host keys made by ssh-keygen, what ssh-keyscan prints for a live sshd that serves them,
# and the same file after `ssh-keygen -H`. Run as root from the repository root; it starts
# one sshd on 127.0.0.77:2222 for a few seconds. Rerunning changes every key, so the
# tests derive what they expect from the fixture files, never from constants.
set -eu
out=fixtures/ssh
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$out" /run/sshd
for t in ed25519 ecdsa rsa; do
  ssh-keygen -q -t $t -N '' -C "fixture-$t-host-key" -f "$work/host_$t"
  cp "$work/host_$t.pub" "$out/host-$t.pub"
done
ssh-keygen -q -t ed25519 -N '' -C fixture-other-key -f "$work/other"
cp "$work/other.pub" "$out/other-ed25519.pub"
cat > "$work/sshd_config" <<CFG
ListenAddress 127.0.0.77:2222
HostKey $work/host_ed25519
HostKey $work/host_ecdsa
HostKey $work/host_rsa
PidFile none
UsePAM no
CFG
/usr/sbin/sshd -D -e -f "$work/sshd_config" 2>"$work/sshd.log" &
pid=$!
until grep -q 'Server listening' "$work/sshd.log"; do sleep 0.1; done
ssh-keyscan -p 2222 -t ed25519,ecdsa,rsa 127.0.0.77 >"$out/known_hosts.keyscan" 2>"$out/keyscan.stderr"
cp "$out/known_hosts.keyscan" "$work/kh"
ssh-keygen -H -f "$work/kh" >"$out/ssh-keygen-H.stdout" 2>&1
cp "$work/kh" "$out/known_hosts.hashed"
# Named hosts for the pattern tests, hashed by ssh-keygen -H too (it splits comma lists).
printf 'db1.example.com,10.0.0.5 %s\n[gw.example.com]:2200 %s\n' \
  "$(cut -d' ' -f1,2 "$out/host-ed25519.pub")" "$(cut -d' ' -f1,2 "$out/host-ecdsa.pub")" >"$work/named"
ssh-keygen -H -f "$work/named" >/dev/null 2>&1
cp "$work/named" "$out/known_hosts.named-hashed"
# OpenSSH's own fingerprints of the host keys, for fingerprintSha256.
for t in ed25519 ecdsa rsa; do ssh-keygen -l -E sha256 -f "$out/host-$t.pub"; done >"$out/fingerprints.txt"
echo "captured into $out"
