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

/** Rows the help takes at `width` (the screen lays out the rest around it). */
export function keyHelpRows(width: number): number {
  const perLine = Math.max(1, Math.floor(width / cellWidth(width)));
  return Math.max(3, 1 + Math.ceil(BROWSE_KEYS.length / perLine) + 1);
}

function cellWidth(width: number): number {
  return Math.max(20, Math.floor(width / 4));
}

/** Key list in cells that fit 80 columns, and spread out on wider terminals. that fits 80 columns, and spreads out on wider terminals. */
const BROWSE_KEYS: readonly (readonly [string, string])[] = [
  ['i', 'ignore this secret'],
  ['p', 'allow a path'],
  ['r', 'rule off for path'],
  ['l', 'inline allow'],
  ['s', 'skip, just this once'],
  ['v', 'reveal secret'],
  ['u', 'undo'],
  ['↑↓', 'move'],
];

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
      const cell = cellWidth(width);
      const cells = BROWSE_KEYS.map(([key, label]) => `${key} ${label}`.padEnd(cell).slice(0, cell));
      const perLine = Math.max(1, Math.floor(width / cell));
      const lines: string[] = [];
      for (let i = 0; i < cells.length; i += perLine) lines.push(cells.slice(i, i + perLine).join('').trimEnd());
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
