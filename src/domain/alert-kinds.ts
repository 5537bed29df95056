/**
 * The alert table of the operator manual (§3, §5.2) and SPEC §3: one row per kind.
 * Titles and deadline wording are the manual's own. Overridable through configuration
 * (QRV_ALERT_OVERRIDES), applied by resolveAlertKind.
 */
export type Priority = 'critical' | 'high' | 'medium' | 'low';

export const PRIORITIES: Record<Priority, { label: string; color: string; colorName: string }> = {
  critical: { label: '緊急', color: '#E01E5A', colorName: '赤' },
  high: { label: '高', color: '#F2952F', colorName: 'オレンジ' },
  medium: { label: '中', color: '#ECB22E', colorName: '黄' },
  low: { label: '低', color: '#2EB67D', colorName: '緑' },
};

/** A resolved alert is grey; its priority stays readable as text. */
export const RESOLVED_COLOR = '#A0A0A0';

/** Fields an alert message shows, in the manual's order. */
export type AlertField =
  | 'reservationId'
  | 'service'
  | 'time'
  | 'address'
  | 'clientPhone'
  | 'shop'
  | 'shopPhone'
  | 'change'
  | 'cancelDeadline'
  /** What the shop actually said (the latest call_attempts.note of that shop). */
  | 'shopWords';

/**
 * What the manual calls the alert (its title's 【…】): マニュアルオペレーション (§3.1–3.6, counted
 * as マニュアルオペレーション件数 in §4.2), 情報, 問い合わせ, or a system alert.
 */
export type AlertCategory = 'manual_operation' | 'information' | 'inquiry' | 'system';

/** The 【…】 that opens the titles of each category. */
export const CATEGORY_PREFIX: Record<AlertCategory, string> = {
  manual_operation: '【マニュアルオペレーション】',
  information: '【情報】',
  inquiry: '【問い合わせ】',
  system: '【システムアラート】',
};

export interface AlertKindSpec {
  title: string;
  category: AlertCategory;
  priority: Priority;
  deadlineMinutes: number;
  /** Shown after 対応期限 when the deadline needs emphasis (manual §3.2: 30分以内（緊急）). */
  deadlineSuffix?: string;
  fields: AlertField[];
  /** A closing remark printed under the fields (manual §3.3). */
  note?: string;
  /** What to do if a client asks (manual §3.3 対応内容), printed under the note. */
  guidance?: string;
  /** Information only: nothing for the operator to change. */
  informational?: boolean;
}

export const ALERT_KINDS = {
  sms_failed: {
    title: '【マニュアルオペレーション】SMS送信失敗',
    category: 'manual_operation',
    priority: 'critical',
    deadlineMinutes: 30,
    deadlineSuffix: '（緊急）',
    fields: ['reservationId', 'service', 'clientPhone'],
  },
  system: {
    title: '【システムアラート】',
    category: 'system',
    priority: 'critical',
    deadlineMinutes: 30,
    fields: [],
  },
  all_shops_ng: {
    title: '【マニュアルオペレーション】全店NG',
    category: 'manual_operation',
    priority: 'high',
    deadlineMinutes: 60,
    fields: ['reservationId', 'service', 'time', 'address', 'clientPhone'],
  },
  ambiguous_answer: {
    title: '【マニュアルオペレーション】曖昧な回答',
    category: 'manual_operation',
    priority: 'high',
    deadlineMinutes: 60,
    fields: ['reservationId', 'service', 'time', 'shop', 'shopPhone', 'shopWords'],
  },
  // §3.5 says 1時間以内 while §5.2 lists 変更依頼 under 2時間: the procedure's own text wins (SPEC §3).
  change_request: {
    title: '【マニュアルオペレーション】変更依頼',
    category: 'manual_operation',
    priority: 'medium',
    deadlineMinutes: 60,
    // The manual's fields first, in its order; then what 手順1 (a call to the client) needs.
    fields: ['reservationId', 'service', 'shop', 'change', 'clientPhone'],
  },
  late_cancel: {
    title: '【マニュアルオペレーション】期限超過キャンセル',
    category: 'manual_operation',
    priority: 'medium',
    deadlineMinutes: 120,
    // 手順1 calls the client, 手順3-A the shop: both numbers after the manual's own fields.
    fields: ['reservationId', 'service', 'time', 'cancelDeadline', 'clientPhone', 'shop', 'shopPhone'],
  },
  payment_expired: {
    title: '【情報】決済期限切れ',
    category: 'information',
    priority: 'low',
    deadlineMinutes: 24 * 60,
    fields: ['reservationId', 'service'],
    note: '※自動キャンセル済み。問い合わせがあった場合のみ対応してください。',
    guidance: '問い合わせがあった場合: 事情を確認し、再度予約を案内（「最初からAIチャットで予約してください」と伝える）',
    informational: true,
  },
  // §2.2 問い合わせ対応 (inquiry@ mail, calls) with §5.2's row: 一般問い合わせ, 低, 24時間以内.
  inquiry: {
    title: '【問い合わせ】一般問い合わせ',
    category: 'inquiry',
    priority: 'low',
    deadlineMinutes: 24 * 60,
    fields: ['reservationId'],
  },
} as const satisfies Record<string, AlertKindSpec>;

export type AlertKind = keyof typeof ALERT_KINDS;
export const ALERT_KIND_NAMES = Object.keys(ALERT_KINDS) as AlertKind[];

export function isAlertKind(value: string): value is AlertKind {
  return Object.hasOwn(ALERT_KINDS, value);
}

/** Deadline per priority for system alerts (manual §5.2). */
const SYSTEM_DEADLINES: Record<Priority, number> = { critical: 30, high: 60, medium: 120, low: 24 * 60 };

export interface ResolvedAlertKind extends AlertKindSpec {
  kind: AlertKind;
  /** 対応期限 as the manual writes it: 30分以内（緊急）, 1時間以内, 即座. */
  deadlineLabel: string;
}

export interface SystemAlertDetails {
  severity?: unknown;
  title?: unknown;
}

/** The spec of one alert: the kind's row, the configured override, and for `system` its details. */
export function resolveAlertKind(
  kind: AlertKind,
  overrides: Partial<Record<AlertKind, { deadlineMinutes?: number; priority?: Priority }>> = {},
  details: SystemAlertDetails = {},
): ResolvedAlertKind {
  const base: AlertKindSpec = { ...ALERT_KINDS[kind] };
  if (kind === 'system') {
    const severity = parseSeverity(details.severity);
    base.priority = severity;
    base.deadlineMinutes = SYSTEM_DEADLINES[severity];
    const title = typeof details.title === 'string' && details.title.trim() ? details.title.trim() : null;
    base.title = title ?? `【${PRIORITIES[severity].label}】システムアラート`;
  }
  const override = overrides[kind] ?? {};
  const spec = { ...base, ...override };
  const immediate = kind === 'system' && spec.priority === 'critical';
  return {
    ...spec,
    kind,
    deadlineLabel: immediate ? '即座' : `${formatMinutes(spec.deadlineMinutes)}以内${spec.deadlineSuffix ?? ''}`,
  };
}

/** The words a system alert's `details.severity` may use (lower case); anything else is critical. */
export const SEVERITY_WORDS: Record<string, Priority> = {
  critical: 'critical', 緊急: 'critical', high: 'high', 高: 'high', medium: 'medium', 中: 'medium',
  low: 'low', 低: 'low', warning: 'medium', info: 'low',
};

export function parseSeverity(value: unknown): Priority {
  if (typeof value !== 'string') return 'critical';
  return SEVERITY_WORDS[value.toLowerCase()] ?? 'critical';
}

/** Posting order: critical first, then high, medium, low (then age). */
export const PRIORITY_RANK: Record<Priority, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/**
 * The rank each kind is posted in (its configured priority); a `system` alert's rank follows its
 * severity unless QRV_ALERT_OVERRIDES fixes its priority. Pure.
 */
export interface PostingOrder {
  kinds: Record<string, number>;
  system: number | 'by_severity';
}

export function postingOrder(overrides: Partial<Record<AlertKind, { priority?: Priority }>> = {}): PostingOrder {
  const kinds: Record<string, number> = {};
  for (const kind of ALERT_KIND_NAMES) {
    if (kind !== 'system') kinds[kind] = PRIORITY_RANK[overrides[kind]?.priority ?? ALERT_KINDS[kind].priority];
  }
  const fixed = overrides.system?.priority;
  return { kinds, system: fixed ? PRIORITY_RANK[fixed] : 'by_severity' };
}

/** 30 → 30分, 60 → 1時間, 90 → 1時間30分. */
export function formatMinutes(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  const h = Math.floor(m / 60);
  const rest = m % 60;
  if (h === 0) return `${rest}分`;
  return rest === 0 ? `${h}時間` : `${h}時間${rest}分`;
}

/** The title without its category's 【…】 (全店NG, 決済期限切れ) for lists; a system alert keeps its own title. */
export function alertLabel(spec: ResolvedAlertKind): string {
  const prefix = CATEGORY_PREFIX[spec.category];
  return spec.kind !== 'system' && spec.title.startsWith(prefix) ? spec.title.slice(prefix.length) : spec.title;
}
