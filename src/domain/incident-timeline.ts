/**
 * The manual's incident timelines (§7.1 Critical, §7.2 High) as checklists: each step with its
 * checkpoint (minutes from the declaration) and the manual's own items. Pure.
 */
export type IncidentSeverity = 'critical' | 'high';

export const INCIDENT_SEVERITY_LABELS: Record<IncidentSeverity, string> = { critical: '緊急', high: '高' };

export type IncidentStepKey = 'initial' | 'mitigation' | 'recovery_check' | 'report' | 'postmortem';

export interface IncidentStepSpec {
  key: IncidentStepKey;
  /** 初動対応（5分以内） */
  label: string;
  items: string[];
  /** Minutes after the declaration; null: no checkpoint before 復旧. */
  dueMinutes: number | null;
  /** Due this many minutes after 復旧 (the post-mortem / incident report). */
  dueAfterRecoveryMinutes?: number;
}

export const INCIDENT_TIMELINES: Record<IncidentSeverity, IncidentStepSpec[]> = {
  critical: [
    { key: 'initial', label: '初動対応（5分以内）', items: ['ログ確認（CloudWatch Logs）', '原因の初期判断（サーバー停止、データベース障害、外部API障害等）'], dueMinutes: 5 },
    { key: 'mitigation', label: '応急処置（30分以内）', items: ['サーバー再起動', '前バージョンへロールバック', '一時的な回避策の実施'], dueMinutes: 30 },
    { key: 'recovery_check', label: '復旧確認（45分以内）', items: ['ヘルスチェック確認', 'smoke test実施'], dueMinutes: 45 },
    { key: 'report', label: '経営陣に報告', items: [], dueMinutes: null },
    { key: 'postmortem', label: 'ポストモーテム作成（24時間以内）', items: [], dueMinutes: null, dueAfterRecoveryMinutes: 24 * 60 },
  ],
  high: [
    { key: 'initial', label: '初動対応（15分以内）', items: ['ログ確認', 'Bland.aiのステータスページ確認'], dueMinutes: 15 },
    {
      key: 'mitigation',
      label: '応急処置（1時間以内）',
      items: ['外部API障害の場合: 復旧を待つ・依頼者に状況説明SMS送信', 'QRV側の問題の場合: コード修正 + デプロイ'],
      dueMinutes: 60,
    },
    { key: 'recovery_check', label: '復旧確認（1.5時間以内）', items: ['機能テスト実施'], dueMinutes: 90 },
    { key: 'report', label: '経営陣に報告（2時間以内）', items: [], dueMinutes: 120 },
    { key: 'postmortem', label: 'インシデントレポート作成（48時間以内）', items: [], dueMinutes: null, dueAfterRecoveryMinutes: 48 * 60 },
  ],
};

export function isIncidentSeverity(value: unknown): value is IncidentSeverity {
  return value === 'critical' || value === 'high';
}

/** 緊急 / critical → critical, 高 / high → high; anything else undefined. */
export function parseIncidentSeverity(word: string): IncidentSeverity | undefined {
  const w = word.trim().toLowerCase();
  if (w === '緊急' || w === 'critical') return 'critical';
  if (w === '高' || w === 'high') return 'high';
  return undefined;
}

export function stepSpec(severity: IncidentSeverity, key: string): IncidentStepSpec | undefined {
  return INCIDENT_TIMELINES[severity].find((s) => s.key === key);
}

/** The steps' rows at declaration: each checkpoint from `startedAt`. */
export function initialSteps(severity: IncidentSeverity, startedAt: Date): Array<{ step: IncidentStepKey; dueAt: Date | null }> {
  return INCIDENT_TIMELINES[severity].map((s) => ({
    step: s.key,
    dueAt: s.dueMinutes === null ? null : new Date(startedAt.getTime() + s.dueMinutes * 60_000),
  }));
}

/**
 * The post-mortem / incident report is reminded at its due time, then again every this many
 * minutes (mentioning the commander) until someone marks it 提出済み with its link.
 */
export const REPORT_REMINDER_INTERVAL_MINUTES = 24 * 60;

/** The step whose 提出済み needs a link, and whose reminder repeats. */
export const REPORT_STEP: IncidentStepKey = 'postmortem';

/** An absolute http(s) link with a host (the report's 提出済み); nothing else. */
export function isHttpUrl(text: string): boolean {
  if (/\s/.test(text)) return false;
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}
