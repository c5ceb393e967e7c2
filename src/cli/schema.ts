/** `kpi-signage schema`: prints the layout JSON Schema (the same as schema/layout.schema.json). */
import { layoutJsonSchema } from '../layout/schema.js';
import { parseCommand, type CommandSpec } from './args.js';

const spec: CommandSpec = {
  name: 'schema',
  usage: 'usage: kpi-signage schema\n\nPrints the JSON Schema of layout files (for editors: # yaml-language-server: $schema=<path>).',
  options: {},
};

/** Prints the schema as pretty JSON; exit 0. */
export async function main(args: string[]): Promise<number> {
  const parsed = parseCommand(spec, args);
  if ('exit' in parsed) return parsed.exit;
  process.stdout.write(`${JSON.stringify(layoutJsonSchema(), null, 2)}\n`);
  return 0;
}
