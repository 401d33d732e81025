import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';

export interface BaresipAccount {
  user: string;
  password: string;
  /** Our server's SIP UDP port on 127.0.0.1 (the AOR's domain and registrar). */
  registrarPort: number;
  /** baresip's own SIP port and its ctrl_tcp port, both on 127.0.0.1. */
  sipPort: number;
  ctrlPort: number;
  /** Registration interval asked for, seconds. */
  regint: number;
  /**
   * Media for call tests: `source` is a WAV the phone sends (aufile), `recordDir` receives baresip's
   * sndfile dumps (…-dec.wav is what the phone heard); `autoAnswer` answers incoming calls at once.
   */
  audio?: { source: string; recordDir: string; autoAnswer?: boolean };
}

/**
 * A headless baresip 1.0 configuration for registration tests: loopback only, no audio devices (a
 * REGISTER needs none), JSON control over ctrl_tcp. Written from scratch for these tests.
 */
export function writeBaresipConfig(dir: string, a: BaresipAccount): void {
  mkdirSync(dir, { recursive: true });
  const config = [
    'poll_method\tepoll',
    `sip_listen\t127.0.0.1:${a.sipPort}`,
    'net_interface\t127.0.0.1',
    'dns_server\t127.0.0.1:53',
    'module_path\t/usr/lib/baresip/modules',
    'module\tg711.so',
    'module_tmp\taccount.so',
    'module_app\tctrl_tcp.so',
    `ctrl_tcp_listen\t127.0.0.1:${a.ctrlPort}`,
    'statmode_default\toff',
    ...(a.audio
      ? [
          'module_app\tmenu.so',
          'module\taufile.so',
          'module\tsndfile.so',
          `audio_source\taufile,${a.audio.source}`,
          'audio_player\taufile,/dev/null',
          `snd_path\t${a.audio.recordDir}`,
          'audio_buffer\t20-160',
        ]
      : []),
  ];
  writeFileSync(join(dir, 'config'), `${config.join('\n')}\n`);
  const aor = `<sip:${a.user}@127.0.0.1:${a.registrarPort};transport=udp>`;
  writeFileSync(
    join(dir, 'accounts'),
    `${aor};auth_user=${a.user};auth_pass=${a.password};regint=${a.regint};medianat=;mediaenc=${a.audio?.autoAnswer ? ';answermode=auto' : ''}\n`,
  );
  writeFileSync(join(dir, 'contacts'), '');
}

type Message = { response?: boolean; ok?: boolean; data?: string; token?: string; event?: boolean; type?: string };

/** A running baresip (killed after `seconds` at the latest) and its ctrl_tcp connection (netstring-framed JSON). */
export class BaresipPeer {
  readonly process: ChildProcess;
  readonly events: Message[] = [];
  output = '';
  private socket: net.Socket | undefined;
  private buffer = '';
  private token = 0;
  private readonly pending = new Map<string, (m: Message) => void>();
  private readonly exited: Promise<number | null>;

  constructor(dir: string, seconds: number) {
    this.process = spawn('baresip', ['-f', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    // A leaked phone never outlives its test by more than `seconds`.
    const limit = setTimeout(() => this.process.kill('SIGKILL'), seconds * 1000);
    limit.unref();
    this.process.once('exit', () => clearTimeout(limit));
    this.process.stdout?.on('data', (d) => {
      this.output += d;
    });
    this.process.stderr?.on('data', (d) => {
      this.output += d;
    });
    this.exited = new Promise((resolve) => this.process.on('close', (code) => resolve(code)));
  }

  /** Connects to ctrl_tcp, retrying while baresip starts. */
  async connect(port: number, deadlineMs = 8000): Promise<void> {
    const until = Date.now() + deadlineMs;
    for (;;) {
      try {
        this.socket = await new Promise<net.Socket>((resolve, reject) => {
          const s = net.connect(port, '127.0.0.1', () => resolve(s));
          s.once('error', reject);
        });
        this.socket.on('data', (d) => this.onData(String(d)));
        return;
      } catch (error) {
        if (Date.now() > until) throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    for (;;) {
      const colon = this.buffer.indexOf(':');
      if (colon < 0) return;
      const len = Number(this.buffer.slice(0, colon));
      if (this.buffer.length < colon + 1 + len + 1) return;
      const body = this.buffer.slice(colon + 1, colon + 1 + len);
      this.buffer = this.buffer.slice(colon + len + 2);
      const m = JSON.parse(body) as Message;
      if (m.event) this.events.push(m);
      else if (m.response && m.token) {
        this.pending.get(m.token)?.(m);
        this.pending.delete(m.token);
      }
    }
  }

  command(command: string, params = ''): Promise<Message> {
    const token = String(++this.token);
    const body = JSON.stringify({ command, params, token });
    this.socket?.write(`${Buffer.byteLength(body)}:${body},`);
    return new Promise((resolve) => this.pending.set(token, resolve));
  }

  /** Stops baresip the polite way (it unregisters first) and waits for it to exit. */
  async quit(): Promise<number | null> {
    // No answer comes back: baresip exits once its REGISTER with Expires 0 is done.
    void this.command('quit');
    return this.exited;
  }

  kill(): void {
    this.socket?.destroy();
    // SIGTERM first (baresip unregisters); a baresip busy with audio threads may ignore it: SIGKILL a
    // second later.
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    this.process.kill('SIGTERM');
    const hard = setTimeout(() => this.process.kill('SIGKILL'), 1000);
    this.process.once('exit', () => clearTimeout(hard));
  }
}
