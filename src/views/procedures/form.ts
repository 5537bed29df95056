import { INPUT_ACTION } from '../ids/procedures.js';
import { CANDIDATE_CALL_OUTCOMES, type CandidateCallOutcome } from '../ids/procedures/all-shops-ng.js';
import { cleanTypedText } from '../../domain/typed-text.js';
import { DomainError } from '../../errors.js';
import { isRefusedPath, type RefusedStep } from '../../workflows/all-shops-ng/path.js';

/** `view.state.values` as Slack submits it (structurally Bolt's ViewStateValue). */
export interface FormValue {
  type: string;
  value?: string | null;
  selected_date?: string | null;
  selected_time?: string | null;
  selected_user?: string | null;
  selected_option?: { value: string } | null;
  selected_options?: Array<{ value: string }>;
}
export type FormValues = Record<string, Record<string, FormValue>>;

/** A submission read: the workflow's input, or Japanese field errors keyed by input block_id. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

const field = (values: FormValues, blockId: string): FormValue | undefined => values[blockId]?.[INPUT_ACTION];

/** Free text as typed (trimmed; full-width characters kept; NUL and other control characters dropped). */
export const readText = (values: FormValues, blockId: string): string => cleanTypedText(field(values, blockId)?.value ?? '');
/** Digits and codes: full-width characters folded (１２０００ → 12000). */
export const readNormalised = (values: FormValues, blockId: string): string => readText(values, blockId).normalize('NFKC').trim();
export const readDate = (values: FormValues, blockId: string): string => field(values, blockId)?.selected_date ?? '';
export const readTime = (values: FormValues, blockId: string): string => field(values, blockId)?.selected_time ?? '';
export const readOption = (values: FormValues, blockId: string): string | undefined => field(values, blockId)?.selected_option?.value;
export const readChecked = (values: FormValues, blockId: string): string[] => (field(values, blockId)?.selected_options ?? []).map((o) => o.value);

/** Collects field errors, then yields the value only when there are none. */
export class FieldErrors {
  readonly errors: Record<string, string> = {};
  add(blockId: string, message: string): void {
    this.errors[blockId] ??= message;
  }
  result<T>(value: () => T): Parsed<T> {
    return Object.keys(this.errors).length > 0 ? { ok: false, errors: this.errors } : { ok: true, value: value() };
  }
}

/**
 * Flow state between steps, kept in the modal's private_metadata (never in memory):
 * the alert, the channel its errors are told in, the prefilled 所要時間 and, for 全店NG, the steps refused so far.
 */
export interface FlowMetadata {
  alertId: number;
  channel: string;
  /** The 所要時間 the form was opened with; submitted unchanged, the time is measured at the end. */
  prefilledMinutes: number;
  /**
   * When the form was opened (ISO): a submission that claims the alert itself (the claim after the
   * form had not landed yet) counts 所要時間 from then, not from the submission.
   */
  openedAt?: string;
  path?: RefusedStep[];
  /** The reservation's amount when the form opened: an entered 金額 far from it needs a confirmation. */
  referenceAmount?: number;
  /** B 日時変更を提案: the reservation's time when the form opened (a proposal must differ from it). */
  current?: { from: string; to: string };
  /** 全店NG A 候補 calls ticked before 全て断られた; written with the B/C record. */
  calls?: CandidateCall[];
}

export interface CandidateCall {
  shopId: string;
  outcome: CandidateCallOutcome;
}

const CALL_OUTCOMES = new Set<string>(Object.values(CANDIDATE_CALL_OUTCOMES));
const isCalls = (v: unknown): v is CandidateCall[] =>
  Array.isArray(v) &&
  v.every((c) => typeof c === 'object' && c !== null && typeof (c as CandidateCall).shopId === 'string' && CALL_OUTCOMES.has((c as CandidateCall).outcome));

export function encodeMetadata(m: FlowMetadata): string {
  return JSON.stringify({
    alertId: m.alertId,
    channel: m.channel,
    prefilledMinutes: m.prefilledMinutes,
    ...(m.openedAt ? { openedAt: m.openedAt } : {}),
    ...(m.path?.length ? { path: m.path } : {}),
    ...(m.referenceAmount ? { referenceAmount: m.referenceAmount } : {}),
    ...(m.current ? { current: m.current } : {}),
    ...(m.calls?.length ? { calls: m.calls } : {}),
  });
}

const isTimeRange = (v: unknown): v is { from: string; to: string } =>
  typeof v === 'object' && v !== null && typeof (v as { from?: unknown }).from === 'string' && typeof (v as { to?: unknown }).to === 'string';

/** When the flow's form was opened (FlowMetadata.openedAt), if the metadata says. */
export const openedAtOf = (meta: Pick<FlowMetadata, 'openedAt'>): Date | undefined => (meta.openedAt ? new Date(meta.openedAt) : undefined);

export const badMetadata = () => new DomainError('BAD_METADATA', 'フォームの情報を読み取れませんでした。アラートのボタンからやり直してください。');

export function decodeMetadata(raw: string | undefined): FlowMetadata {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw ?? '');
  } catch {
    throw badMetadata();
  }
  const m = parsed as Partial<FlowMetadata> | null;
  if (!m || !Number.isSafeInteger(m.alertId) || typeof m.channel !== 'string' || !Number.isInteger(m.prefilledMinutes)) throw badMetadata();
  if (m.path !== undefined && !isRefusedPath(m.path)) throw badMetadata();
  if (m.current !== undefined && !isTimeRange(m.current)) throw badMetadata();
  if (m.calls !== undefined && !isCalls(m.calls)) throw badMetadata();
  if (m.openedAt !== undefined && (typeof m.openedAt !== 'string' || Number.isNaN(Date.parse(m.openedAt)))) throw badMetadata();
  const reference = Number.isSafeInteger(m.referenceAmount) && m.referenceAmount! > 0 ? { referenceAmount: m.referenceAmount! } : {};
  return {
    alertId: m.alertId!,
    channel: m.channel,
    prefilledMinutes: m.prefilledMinutes!,
    ...(m.openedAt ? { openedAt: m.openedAt } : {}),
    ...(m.path ? { path: m.path } : {}),
    ...reference,
    ...(m.current ? { current: { from: m.current.from, to: m.current.to } } : {}),
    ...(m.calls?.length ? { calls: m.calls.map((c) => ({ shopId: c.shopId, outcome: c.outcome })) } : {}),
  };
}
