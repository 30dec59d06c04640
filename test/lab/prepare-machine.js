#!/usr/bin/env node
// Installs, from Debian's packages, the real parts the test suite talks to when this machine
// lacks them: OpenSSH's server (the lab's hosts), busybox, gawk and mawk (the collector under
// each shell and awk), a JDK (thread and heap dumps), RabbitMQ, PostgreSQL and Python's AMQP and
// Prometheus clients (queues, database and application panes), Prometheus Alertmanager (alert
// notifications), Prometheus (scraping the recorder), tmux, sudo, iproute2, strace.
// Idempotent and quiet when everything is already there.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const needs = [
  { pkg: 'openssh-server', present: () => existsSync('/usr/sbin/sshd') },
  { pkg: 'openssh-client', present: () => onPath('ssh-keygen') },
  { pkg: 'busybox', present: () => onPath('busybox') },
  { pkg: 'default-jdk-headless', present: () => onPath('javac') && onPath('jcmd') },
  { pkg: 'rabbitmq-server', present: () => existsSync('/usr/sbin/rabbitmq-server') },
  { pkg: 'postgresql', present: () => existsSync('/usr/lib/postgresql') },
  { pkg: 'python3-pika', present: () => existsSync('/usr/lib/python3/dist-packages/pika') }, // AMQP publisher/consumer (queues tests)
  { pkg: 'python3-prometheus-client', present: () => existsSync('/usr/lib/python3/dist-packages/prometheus_client') }, // fixture service
  { pkg: 'prometheus-alertmanager', present: () => existsSync('/usr/bin/prometheus-alertmanager') }, // alerts reach a real Alertmanager
  { pkg: 'prometheus', present: () => existsSync('/usr/bin/prometheus') }, // a real Prometheus scrapes perfmon record --listen
  { pkg: 'tmux', present: () => onPath('tmux') },
  { pkg: 'sudo', present: () => onPath('sudo') }, // dumps: jcmd as the JVM's owner through sudo -n -u
  { pkg: 'iproute2', present: () => onPath('ip') }, // the lab's private network (bastion tests)
  { pkg: 'procps', present: () => onPath('pkill') }, // the lab's crash watchdog
  // The collector under each awk, and its fork count.
  { pkg: 'gawk', present: () => onPath('gawk') },
  { pkg: 'mawk', present: () => onPath('mawk') },
  { pkg: 'strace', present: () => onPath('strace') },
];

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

const missing = needs.filter((n) => !n.present()).map((n) => n.pkg);
if (missing.length === 0) process.exit(0);

if (process.platform !== 'linux' || !onPath('apt-get')) {
  console.error(`perfmon tests need: ${missing.join(', ')} (install them; apt-get not found here)`);
  process.exit(1);
}
const asRoot = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
const run = (args) => {
  const [cmd, ...rest] = [...asRoot, ...args];
  execFileSync(cmd, rest, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
};
console.error(`installing test dependencies from Debian: ${missing.join(' ')}`);
run(['apt-get', 'update', '-qq']);
// policy-rc.d stops Debian's maintainer scripts from starting the daemons: the tests start their own.
run(['sh', '-c', 'printf "#!/bin/sh\\nexit 101\\n" > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d']);
try {
  run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...missing]);
} finally {
  run(['rm', '-f', '/usr/sbin/policy-rc.d']);
}
