import { afterEach, describe, expect, it } from 'vitest';
import { FrameLoop } from '../../src/daemon/frame-loop.js';
import { Notifier, watchdogIntervalMs } from '../../src/daemon/sd-notify.js';
import { Watchdog } from '../../src/daemon/watchdog.js';
import { openNotifySocket, type NotifySocket } from './helpers/notify-socket.js';

let socket: NotifySocket | null = null;
afterEach(() => socket?.close());

describe('Notifier against a real Unix datagram socket', () => {
  it('delivers READY=1 with STATUS and later messages in order', async () => {
    socket = await openNotifySocket();
    const notifier = new Notifier({ socket: socket.path });
    notifier.ready('showing marketing (1/1)');
    notifier.status('showing sales (2/2)');
    notifier.stopping();
    await notifier.flush();
    await socket.waitFor((m) => m.length >= 3);
    expect(socket.messages).toEqual(['READY=1\nSTATUS=showing marketing (1/1)', 'STATUS=showing sales (2/2)', 'STOPPING=1']);
  });

  it('sends nothing and spawns nothing without a notify socket', async () => {
    const notifier = new Notifier({ socket: undefined, program: '/nonexistent/systemd-notify' });
    expect(notifier.enabled).toBe(false);
    notifier.ready('x');
    notifier.watchdog();
    await notifier.flush();
  });

  it('logs once and keeps going when the socket is gone', async () => {
    const warnings: string[] = [];
    const notifier = new Notifier({ socket: '/nonexistent/notify.sock', logger: { warn: (_o, m) => warnings.push(m) } });
    notifier.status('a');
    notifier.status('b');
    await notifier.flush();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/NotifyAccess=all/);
  });

  it('reads the watchdog interval from WATCHDOG_USEC, only for our pid', () => {
    expect(watchdogIntervalMs({ WATCHDOG_USEC: '20000000' }, 42)).toBe(20_000);
    expect(watchdogIntervalMs({ WATCHDOG_USEC: '20000000', WATCHDOG_PID: '41' }, 42)).toBeNull();
    expect(watchdogIntervalMs({}, 42)).toBeNull();
  });
});

describe('Watchdog fed by the render loop', () => {
  it('pings repeatedly while frames complete, and stops pinging when a frame hangs', async () => {
    socket = await openNotifySocket();
    const notifier = new Notifier({ socket: socket.path });
    let hang = false;
    const loop = new FrameLoop({
      minuteTick: false,
      onError: () => {},
      // A hung output: the frame's write never returns.
      draw: () => (hang ? new Promise<void>(() => {}) : Promise.resolve()),
    });
    loop.start();
    loop.request('start');
    const watchdog = new Watchdog(notifier, loop, 200);
    watchdog.start();
    const pings = (): number => socket!.messages.filter((m) => m === 'WATCHDOG=1').length;
    await socket.waitFor(() => pings() >= 3);
    hang = true;
    loop.request('push');
    await new Promise((r) => setTimeout(r, 400)); // the hang is now older than half the interval
    await notifier.flush();
    const before = pings();
    await new Promise((r) => setTimeout(r, 600));
    await notifier.flush();
    expect(pings()).toBe(before);
    watchdog.stop();
  });
});
