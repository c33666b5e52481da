/** One finding: where, what, the context lines with the secret masked (or revealed), and its decision. */
import { Box, Text } from 'ink';
import { decisionLabel, SEVERITY_COLOR, tint } from './labels.js';
import type { Decision, ReviewItem } from './review-state.js';

export interface FindingDetailProps {
  readonly item: ReviewItem;
  readonly revealed: boolean;
  /** Its own decision, or the one (on another finding) that covers it. */
  readonly decision?: Decision;
  readonly coveredBy?: string;
  readonly color: boolean;
  readonly width: number;
  /** Most context lines to show. */
  readonly contextRows: number;
}

export function FindingDetail({ item, revealed, decision, coveredBy, color, width, contextRows }: FindingDetailProps) {
  const { finding, clear } = item;
  const lines = (clear?.lines ?? [{ line: finding.line, masked: finding.context, revealed: finding.context, hit: true }]).slice(0, Math.max(1, contextRows));
  const gutter = String(lines.reduce((max, line) => Math.max(max, line.line), 0)).length;
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end">
        <Text bold>{`${finding.file}:${finding.line}:${finding.column}`}</Text>
        {`  ${finding.title} `}
        <Text {...tint(color, SEVERITY_COLOR[finding.severity])}>[{finding.severity}]</Text>
      </Text>
      <Text wrap="truncate-end" {...tint(color, 'gray')}>
        {`rule ${finding.ruleId} · confidence ${finding.confidence} · id ${finding.fingerprint}`}
      </Text>
      {finding.decoded ? <Text wrap="truncate-end">{`decoded  ${finding.decoded.join(' → ')}`}</Text> : null}
      {finding.locations ? <Text wrap="truncate-end">{`also at  ${finding.locations.slice(1).map((place) => `${place.line}:${place.column}`).join(', ')}`}</Text> : null}
      {lines.map((line) => (
        <Text key={line.line} wrap="truncate-end" {...(line.hit ? {} : tint(color, 'gray'))}>
          {`${line.hit ? '>' : ' '} ${String(line.line).padStart(gutter)} │ ${revealed && line.hit ? line.revealed : line.masked}`}
        </Text>
      ))}
      {revealed && clear ? (
        <Text wrap="truncate-end" {...tint(color, 'red')}>
          {`secret   ${clear.secret.split('\n')[0]}${clear.secret.includes('\n') ? ' …' : ''}   (shown on this terminal only; v hides it)`}
        </Text>
      ) : (
        <Text wrap="truncate-end">{`secret   ${finding.secret}${clear ? '   (v reveals it)' : ''}`}</Text>
      )}
      <Text wrap="truncate-end" {...tint(color, decision ? 'green' : 'yellow')}>
        {decision ? `decided  ${decisionLabel(decision)}${coveredBy ? ` (by ${coveredBy})` : ''}` : 'decided  not yet'}
      </Text>
    </Box>
  );
}
