import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LinphoneAccount {
  user: string;
  password: string;
  /** Our server's SIP UDP port on 127.0.0.1 (registrar and outbound proxy). */
  registrarPort: number;
  /** linphonec's own SIP UDP port. */
  sipPort: number;
  /** linphonec's RTP port range, "min-max". */
  rtpPorts: string;
}

/**
 * A headless linphonec (Debian's linphone-cli, liblinphone 5.1) for tests that need what baresip 1.0
 * lacks — attended transfer (REFER with Replaces, RFC 3891). UDP only, no ICE/STUN, G.711 only, audio
 * from WAV files ("soundcard use files"), commands on stdin, SIP trace in `logFile` (-d 6).
 */
export class LinphonePeer {
  readonly process: ChildProcess;
  readonly logFile: string;
  output = '';

  constructor(dir: string, a: LinphoneAccount, seconds: number) {
    mkdirSync(dir, { recursive: true });
    const rc = join(dir, 'linphonerc');
    const domain = `127.0.0.1:${a.registrarPort}`;
    writeFileSync(
      rc,
      [
        '[sip]',
        `sip_port=${a.sipPort}`,
        'sip_tcp_port=0',
        'sip_tls_port=0',
        'default_proxy=0',
        // liblinphone 5.1's network monitor never reports the network up in a container; without it the
        // core creates its listening points at start and registers at once.
        'auto_net_state_mon=0',
        'register_only_when_network_is_up=0',
        'register_only_when_upnp_is_ok=0',
        'guess_hostname=1',
        '[rtp]',
        `audio_rtp_port=${a.rtpPorts}`,
        'nortp_timeout=60',
        '[net]',
        'firewall_policy=0',
        '[sound]',
        'echocancellation=0',
        '[video]',
        'capture=0',
        'display=0',
        '[proxy_0]',
        `reg_proxy=<sip:${domain};transport=udp>`,
        `reg_identity=sip:${a.user}@${domain}`,
        'reg_expires=600',
        'reg_sendregister=1',
        'publish=0',
        'avpf=0',
        '[auth_info_0]',
        `username=${a.user}`,
        `userid=${a.user}`,
        `passwd=${a.password}`,
        ...['opus', 'speex', 'G729', 'GSM', 'G722'].flatMap((mime, i) => [`[audio_codec_${i}]`, `mime=${mime}`, 'enabled=0']),
        '[audio_codec_5]',
        'mime=PCMU',
        'rate=8000',
        'channels=1',
        'enabled=1',
        '[audio_codec_6]',
        'mime=PCMA',
        'rate=8000',
        'channels=1',
        'enabled=1',
        '',
      ].join('\n'),
    );
    this.logFile = join(dir, 'linphone.log');
    mkdirSync(join(dir, '.local/share/linphone'), { recursive: true });
    // linphonec runs its core loop only while readline waits on a terminal: script(1) gives it a pty.
    this.process = spawn('script', ['-qfec', `linphonec -c ${rc} -d 6 -l ${this.logFile}`, '/dev/null'], {
      env: { ...process.env, HOME: dir },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const limit = setTimeout(() => this.process.kill('SIGKILL'), seconds * 1000);
    limit.unref();
    this.process.once('exit', () => clearTimeout(limit));
    this.process.stdout?.on('data', (d) => {
      this.output += d;
    });
    this.process.stderr?.on('data', (d) => {
      this.output += d;
    });
  }

  /** Types a command line into linphonec. */
  command(line: string): void {
    this.process.stdin?.write(`${line}\n`);
  }

  /** The SIP trace and debug log so far. */
  log(): string {
    try {
      return readFileSync(this.logFile, 'utf8');
    } catch {
      return '';
    }
  }

  kill(): void {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    this.process.stdin?.end();
    this.process.kill('SIGTERM');
    const hard = setTimeout(() => this.process.kill('SIGKILL'), 1000);
    this.process.once('exit', () => clearTimeout(hard));
  }
}
