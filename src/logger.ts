import { extname } from 'node:path';
import pino, { type Logger } from 'pino';
import { redact, redactDeep } from './logs/redact.js';

export type { Logger };

/** Replaces tokens and phone numbers in free text. */
export const redactText = (text: string): string => redact(text);

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
  /**
   * Also append the JSON lines to this file (searched by `/qrv logs` without AWS), rotated: `x.log`
   * is written as `x.1.log`, `x.2.log`… (a new one daily or at 10 MB), the last 5 kept besides the current one.
   */
  file?: string;
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
    formatters: { log: (object) => redactDeep(object) },
  };
  if (options.destination) return pino(config, options.destination);
  if (!pretty && !options.file) return pino(config);
  const targets: pino.TransportTargetOptions[] = [
    pretty
      ? { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss' } }
      : { target: 'pino/file', options: { destination: 1 } },
  ];
  if (options.file) targets.push(rollingFile(options.file));
  return pino({ ...config, transport: { targets } });
}

function rollingFile(file: string): pino.TransportTargetOptions {
  const extension = extname(file) || '.log';
  return {
    target: 'pino-roll',
    options: { file: file.slice(0, file.length - extname(file).length), extension, frequency: 'daily', size: '10m', limit: { count: 5 }, mkdir: true },
  };
}
