#!/usr/bin/env node
// The lab's bastion listener: accepts TCP on <address> <port> in this network namespace
// and hands each connection to `sshd -i` running inside another namespace (that of
// <netns-pid>), so the bastion's forwarded connections reach hosts the tests cannot reach
// directly. Logs like sshd -D -e so the lab treats it as any other host.
import { spawn } from 'node:child_process';
import net from 'node:net';

const [address, portText, netnsPid, configFile] = process.argv.slice(2);
const port = Number(portText);
if (!address || !port || !netnsPid || !configFile) {
  console.error('usage: inetd-sshd.mjs <address> <port> <netns-pid> <sshd_config>');
  process.exit(2);
}

const server = net.createServer({ pauseOnConnect: true }, (socket) => {
  const child = spawn(
    'nsenter',
    [`--net=/proc/${netnsPid}/ns/net`, '/usr/sbin/sshd', '-i', '-e', '-f', configFile],
    { stdio: [socket, socket, 'inherit'] },
  );
  child.on('error', (err) => console.error(`inetd-sshd: ${err.message}`));
  // The child holds its own copy of the descriptor; ours must not keep the connection open.
  child.on('spawn', () => socket.destroy());
});
server.on('error', (err) => {
  console.error(err.code === 'EADDRINUSE' ? `Bind to port ${port} on ${address} failed: Address already in use.` : `inetd-sshd: ${err.message}`);
  process.exit(1);
});
server.listen(port, address, () => console.error(`Server listening on ${address} port ${port}.`));
