import pino, { type Logger } from 'pino';

export type { Logger };

const TOKEN = /\b(xox[abpr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|sk_(live|test)_[A-Za-z0-9]+|rk_(live|test)_[A-Za-z0-9]+)\b/g;
// Japanese numbers as operators write them (090-1234-5678, 03-1234-5678) and E.164 (+819012345678).
const PHONE = /(\+81[\d -]{9,13}\d|\b0\d{1,4}-\d{1,4}-\d{3,4}\b|\b0[789]0\d{8}\b)/g;

/** Replaces tokens and phone numbers in free text. */
export function redactText(text: string): string {
  return text.replace(TOKEN, '[token]').replace(PHONE, '[phone]');
}

const REDACT_PATHS = [
  'token',
  '*.token',
  'botToken',
  'appToken',
  '*.botToken',
  '*.appToken',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'phone',
  '*.phone',
  'clientPhone',
  '*.clientPhone',
  'client_phone',
  '*.client_phone',
  'to',
  '*.to',
];

export interface LoggerOptions {
  level?: string;
  /** Write to this destination instead of stdout (tests, log files). */
  destination?: pino.DestinationStream;
  pretty?: boolean;
}

/** JSON logs (pretty in a terminal); tokens and phone numbers redacted, by key and inside messages. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const pretty = options.pretty ?? (!options.destination && process.stdout.isTTY === true);
  const config: pino.LoggerOptions = {
    level: options.level ?? 'info',
    base: { app: 'qrv-ops-bot' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    hooks: {
      logMethod(args, method) {
        method.apply(
          this,
          args.map((a) => (typeof a === 'string' ? redactText(a) : a)) as Parameters<typeof method>,
        );
      },
    },
    formatters: {
      log(object) {
        const err = object.err as { message?: string; stack?: string } | undefined;
        if (err && typeof err === 'object') {
          return {
            ...object,
            err: { ...err, message: redactText(String(err.message ?? '')), stack: err.stack ? redactText(err.stack) : undefined },
          };
        }
        return object;
      },
    },
  };
  if (options.destination) return pino(config, options.destination);
  if (pretty) return pino({ ...config, transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss' } } });
  return pino(config);
}
