/** The findings, one line each, with their state; a window around the cursor when they do not all fit. */
import { Box, Text } from 'ink';
import { printable } from '../printable.js';
import { shortenPath, tint } from './labels.js';
import type { ReviewItem } from './review-state.js';

export interface FindingListProps {
  readonly items: readonly ReviewItem[];
  readonly cursor: number;
  /** Per item: whether a decision settles it. */
  readonly settled: readonly boolean[];
  readonly rows: number;
  readonly color: boolean;
  readonly width: number;
}

/** Fewer columns than this and the path keeps them, the rule id is cut instead. */
export const MIN_PATH = 16;

export function FindingList({ items, cursor, settled, rows, color, width }: FindingListProps) {
  const visible = Math.max(1, Math.min(rows, items.length));
  const first = Math.min(Math.max(0, cursor - Math.floor(visible / 2)), items.length - visible);
  return (
    <Box flexDirection="column" width={width}>
      {items.slice(first, first + visible).map((item, offset) => {
        const index = first + offset;
        const current = index === cursor;
        const mark = settled[index] ? '✔' : '·';
        const { finding } = item;
        // The marks take 4 columns; the path gives way before the line and the rule.
        const where = `:${finding.line}  ${finding.ruleId}`;
        return (
          <Text key={index} wrap="truncate-end" {...(current && color ? { inverse: true } : {})}>
            <Text {...tint(color, settled[index] ? 'green' : 'yellow')}>{`${current ? '▶' : ' '} ${mark} `}</Text>
            {`${shortenPath(printable(finding.file), Math.max(MIN_PATH, width - 4 - where.length))}${where}`}
          </Text>
        );
      })}
    </Box>
  );
}
