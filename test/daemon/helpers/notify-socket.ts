// A real systemd-style notify socket for tests: python3 binds an AF_UNIX SOCK_DGRAM socket and
// prints every datagram it receives as a JSON line (like systemd reading NOTIFY_SOCKET).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const listener = `
import json, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print(json.dumps("LISTENING"), flush=True)
while True:
    data = s.recv(65536)
    print(json.dumps(data.decode("utf-8", "replace")), flush=True)
`;

export interface NotifySocket {
  readonly path: string;
  /** Every datagram received so far, in order (BARRIER=1 from systemd-notify left out). */
  readonly messages: string[];
  waitFor(predicate: (messages: string[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): void;
}

/** Starts the listener and resolves once it is bound. */
export async function openNotifySocket(): Promise<NotifySocket> {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-notify-'));
  const path = join(dir, 'notify.sock');
  const child: ChildProcess = spawn('python3', ['-c', listener, path], { stdio: ['ignore', 'pipe', 'inherit'] });
  const messages: string[] = [];
  const waiters: (() => void)[] = [];
  let listening: () => void = () => {};
  const ready = new Promise<void>((resolve) => (listening = resolve));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const text = JSON.parse(line) as string;
    if (text === 'LISTENING') return listening();
    if (text === 'BARRIER=1') return;
    messages.push(text);
    for (const wake of waiters.splice(0)) wake();
  });
  await ready;
  return {
    path,
    messages,
    async waitFor(predicate, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(messages)) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`notify socket: condition not met; got ${JSON.stringify(messages)}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, 250));
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    close() {
      child.kill('SIGKILL');
    },
  };
}
