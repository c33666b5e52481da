/** The bottom of the screen: the keys for the current mode, or the prompt being typed into. */
import { printable } from '../printable.js';
import { Box, Text } from 'ink';
import { tint } from './labels.js';
import type { Mode } from './review-state.js';

export interface KeyHelpProps {
  readonly mode: Mode;
  readonly undecided: number;
  readonly message?: string;
  readonly color: boolean;
  readonly width: number;
}

const PROMPTS = {
  ignore: 'Why is this not a secret? ',
  'allow-path': 'Do not scan files matching: ',
  'rule-path': 'Turn this rule off for files matching: ',
} as const;

/** Between two keys of the help: the labels never run together. */
export const KEY_SEPARATOR = ' · ';

const BROWSE_KEYS: readonly string[] = [
  'i ignore this secret',
  'p allow a path',
  'r rule off for path',
  'l inline allow',
  's skip, just this once',
  'v reveal secret',
  'u undo',
  '↑↓ move',
];

/**
 * The keys in as few lines as `width` allows, whole labels only (two lines at 80
 * columns, one on a wide terminal); a label wider than the terminal is cut.
 */
export function keyLines(width: number): string[] {
  const lines: string[] = [];
  for (const label of BROWSE_KEYS) {
    const last = lines.at(-1);
    if (last !== undefined && [...last].length + KEY_SEPARATOR.length + [...label].length <= width) lines[lines.length - 1] = `${last}${KEY_SEPARATOR}${label}`;
    else lines.push(label);
  }
  return lines;
}

/** Rows the help takes at `width` in browse mode, its tallest (the screen lays out the rest around it). */
export function keyHelpRows(width: number): number {
  return Math.max(4, 1 + keyLines(width).length + 1);
}

export function KeyHelp({ mode, undecided, message, color, width }: KeyHelpProps) {
  // Always one line, so the screen does not jump when a message comes and goes.
  const status = <Text wrap="truncate-end" {...tint(color, 'cyan')}>{message ?? ' '}</Text>;
  switch (mode.name) {
    case 'input':
      return (
        <Box flexDirection="column" width={width}>
          {mode.error ? <Text wrap="truncate-end" {...tint(color, 'red')}>{printable(mode.error)}</Text> : status}
          <Text wrap="truncate-start">
            <Text bold>{PROMPTS[mode.purpose]}</Text>
            {printable(mode.value)}
            <Text inverse> </Text>
          </Text>
          <Text wrap="truncate-end" {...tint(color, 'gray')}>Enter save · Esc cancel · Ctrl-U clear</Text>
        </Box>
      );
    case 'confirm-inline':
      return (
        <Box flexDirection="column" width={width}>
          {status}
          <Text wrap="truncate-end">The line becomes (in the staged file and your copy):</Text>
          <Text wrap="truncate-end" {...tint(color, 'green')}>{`  ${printable(mode.preview.trim())}`}</Text>
          <Text wrap="truncate-end" bold>Add the marker? y yes · n no</Text>
        </Box>
      );
    case 'confirm-abort':
      return (
        <Box flexDirection="column" width={width}>
          {status}
          <Text wrap="truncate-end" bold>Abort the commit? Nothing is written. y yes · n no</Text>
        </Box>
      );
    case 'browse': {
      const lines = keyLines(width);
      const finish =
        undecided === 0 ? 'c continue the commit · a abort the commit' : `a abort the commit · c continues once all are decided (${undecided} left)`;
      return (
        <Box flexDirection="column" width={width}>
          {status}
          {lines.map((line, i) => (
            <Text key={i} wrap="truncate-end" {...tint(color, 'gray')}>
              {line}
            </Text>
          ))}
          <Text wrap="truncate-end" bold>
            {finish}
          </Text>
        </Box>
      );
    }
  }
}
