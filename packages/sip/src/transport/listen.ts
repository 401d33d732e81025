import type net from 'node:net';
import type { Endpoint } from './transport.ts';

/** Binds a TCP-family server and resolves with the bound endpoint (port 0 picks a free one). */
export function listenOn(server: net.Server, port: number, host: string): Promise<Endpoint> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const a = server.address() as net.AddressInfo;
      resolve({ address: a.address, port: a.port });
    });
  });
}
