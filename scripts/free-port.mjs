// Prints a free TCP port on 127.0.0.1 (the kernel picks it; other processes may hold the defaults).
import net from 'node:net';

const s = net.createServer();
s.listen(0, '127.0.0.1', () => {
  const { port } = s.address();
  s.close(() => process.stdout.write(`${port}\n`));
});
