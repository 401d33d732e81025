import { createSocket } from 'node:dgram';
import type { BoundSocket, SocketFactory } from './shard.ts';

/**
 * UDP sockets for a shard through Node's dgram: one JS callback per datagram and one send per packet.
 * The fallback when the udp_batch addon is unavailable (udp-select.ts). IPv4, or IPv6 for an IPv6
 * local address. Receive buffers are enlarged: at 50 packets/s per leg a worker with a few hundred legs
 * takes bursts the default 208 KiB buffer would drop.
 */
export const udpSockets: SocketFactory = {
  bind(port, address, onMessage) {
    return new Promise<BoundSocket>((resolve, reject) => {
      const type = address.includes(':') ? 'udp6' : 'udp4';
      const socket = createSocket({ type, recvBufferSize: 1 << 20, sendBufferSize: 1 << 20 });
      socket.once('error', reject);
      socket.bind(port, address, () => {
        socket.off('error', reject);
        // After binding, socket errors (ICMP port unreachable surfacing as ECONNREFUSED) must not kill the worker.
        socket.on('error', () => {});
        socket.on('message', (msg, rinfo) => onMessage(msg, { address: rinfo.address, port: rinfo.port }));
        resolve({
          send: (bytes, toPort, toAddress) => socket.send(bytes, toPort, toAddress),
          close: () => socket.close(),
        });
      });
    });
  },
};
