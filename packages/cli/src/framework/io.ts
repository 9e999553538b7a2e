/** The process surface the CLI uses, injectable so tests run commands in-process. */

export interface OutStream {
  write(text: string): unknown;
  readonly isTTY?: boolean | undefined;
  readonly columns?: number | undefined;
}

export interface InStream extends NodeJS.ReadableStream {
  readonly isTTY?: boolean | undefined;
  setRawMode?(mode: boolean): unknown;
}

export interface CliIo {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readonly stdin: InStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Home directory for `~` and the default config path (tests point it at a temp dir). */
  readonly home?: string;
}

let guarded = false;

export function processIo(): CliIo {
  if (!guarded) {
    guarded = true;
    // `tao … | head` closes the pipe early; that is the reader's choice, not an error worth a stack.
    for (const stream of [process.stdout, process.stderr]) {
      stream.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
        throw error;
      });
    }
  }
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}
