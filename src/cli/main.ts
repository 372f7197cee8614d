/** Command-line transport: parses arguments, calls one use case, prints the result. */
export async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write('huikuan <command>\n');
      return 0;
    default:
      process.stderr.write(`huikuan: unknown command "${command}". Try "huikuan help".\n`);
      return 2;
  }
}
