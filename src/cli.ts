/**
 * The `kpi-signage` command: a thin dispatcher. Each command lives in src/cli/<name>.ts and
 * exports `main(args) → exit code`; modules load lazily so `validate` never loads canvas.
 */
const commands: Record<string, { summary: string; load: () => Promise<{ main(args: string[]): Promise<number> }> }> = {
  run: { summary: 'the daemon: watch, ingest, draw, notify systemd', load: () => import('./cli/run.js') },
  demo: { summary: 'the daemon on the example layout with a simulated central server', load: () => import('./cli/demo.js') },
  render: { summary: 'one frame to a PNG', load: () => import('./cli/render.js') },
  eval: { summary: 'the tile views as JSON, no drawing', load: () => import('./cli/eval.js') },
  validate: { summary: 'check layouts and data files', load: () => import('./cli/validate.js') },
  schema: { summary: 'print the layout JSON Schema', load: () => import('./cli/schema.js') },
  push: { summary: 'send a point to a running daemon', load: () => import('./cli/push.js') },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`);
  return `usage: kpi-signage <command> [options]\n\ncommands:\n${lines.join('\n')}\n\n'kpi-signage <command> --help' for a command's options.\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (command === undefined) {
    process.stderr.write(`kpi-signage: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  const module = await command.load();
  return module.main(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`kpi-signage: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
