import type { Ports } from '../index.js';
import { createLocalMail } from './mail.js';
import { createLocalPayments } from './payments.js';
import { createLocalSms } from './sms.js';

/** Recording implementations of every port: what would be sent is kept, nothing leaves the machine. */
export function createLocalPorts(): Ports & {
  sms: ReturnType<typeof createLocalSms>;
  mail: ReturnType<typeof createLocalMail>;
  payments: ReturnType<typeof createLocalPayments>;
} {
  return { sms: createLocalSms(), mail: createLocalMail(), payments: createLocalPayments() };
}
