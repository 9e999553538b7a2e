/**
 * Structured logging for the node: a level, a message and key=value fields on one line, to
 * stderr. Never given secrets or raw request bodies.
 */
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type LogFields = Readonly<Record<string, string | number | bigint | boolean | undefined>>;

export interface Logger {
  readonly level: LogLevel;
  log(level: LogLevel, message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
}

export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

function render(fields: LogFields | undefined): string {
  if (fields === undefined) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const text = String(value);
    parts.push(`${key}=${/[\s"=]/.test(text) ? JSON.stringify(text) : text}`);
  }
  return parts.length > 0 ? ` ${parts.join(' ')}` : '';
}

export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (line) => process.stderr.write(line),
): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const log = (at: LogLevel, message: string, fields?: LogFields): void => {
    if (LOG_LEVELS.indexOf(at) > threshold) return;
    const time = new Date().toISOString().replace('T', ' ').slice(0, 23);
    write(`${time} ${at.toUpperCase().padEnd(5)} ${message}${render(fields)}\n`);
  };
  return {
    level,
    log,
    error: (m, f) => log('error', m, f),
    warn: (m, f) => log('warn', m, f),
    info: (m, f) => log('info', m, f),
    debug: (m, f) => log('debug', m, f),
  };
}

/** A logger that drops everything (tests, embedding). */
export const silentLogger: Logger = createLogger('error', () => undefined);
