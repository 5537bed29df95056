/**
 * A link that opens the same Logs Insights query (groups, absolute time range, query text) in
 * the CloudWatch console. The console reads a JSURL-style `queryDetail` in the URL fragment:
 * strings are `'`-prefixed with `*XX` escapes, and `?`/`=` around it are written `$3F`/`$3D`.
 */
import type { LogQuery } from './source.js';

/** JSURL string escape: unreserved characters stay, others become *XX (or **XXXX). */
function jsurlString(value: string): string {
  let out = "'";
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (/[A-Za-z0-9._-]/.test(ch)) out += ch;
    else if (code < 0x100) out += `*${code.toString(16).padStart(2, '0')}`;
    else {
      for (const unit of ch.split('')) out += `**${unit.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  }
  return out;
}

export interface ConsoleLinkInput {
  region: string;
  query: Pick<LogQuery, 'queryString' | 'groups' | 'startTime' | 'endTime'>;
}

export function logsInsightsConsoleUrl({ region, query }: ConsoleLinkInput): string {
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw new RangeError(`not an AWS region: ${region}`);
  const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
  const detail =
    `~(end~${jsurlString(iso(query.endTime))}~start~${jsurlString(iso(query.startTime))}` +
    `~timeType~'ABSOLUTE~tz~'Local~editorString~${jsurlString(query.queryString)}` +
    `~source~(${query.groups.map((g) => `~${jsurlString(g)}`).join('')}))`;
  const host = region.startsWith('cn-') ? 'console.amazonaws.cn' : 'console.aws.amazon.com';
  return `https://${region}.${host}/cloudwatch/home?region=${region}#logsV2:logs-insights$3FqueryDetail$3D${detail}`;
}
