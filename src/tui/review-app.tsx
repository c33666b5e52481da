/**
 * The review screen: one finding at a time, the list of all of them, and the keys.
 * Takes the findings and a callback; every key goes through `reduce`, and the
 * outcome (continue with the decisions, or abort) is handed to `onDone`. Writes
 * nothing itself.
 */
import { printable } from '../printable.js';
import { Box, Text, useInput } from 'ink';
import { useEffect, useReducer } from 'react';
import { FindingDetail } from './finding-detail.js';
import { FindingList } from './finding-list.js';
import { KeyHelp, keyHelpRows } from './key-help.js';
import { tint } from './labels.js';
import { initialState, reduce, settledBy, undecided, type KeyPress, type Outcome, type ReviewItem } from './review-state.js';

export interface ReviewAppProps {
  readonly items: readonly ReviewItem[];
  readonly columns: number;
  readonly rows: number;
  readonly color: boolean;
  /** What the screen is for, in its title (e.g. "commit blocked"). */
  readonly title?: string;
  readonly onDone: (outcome: Outcome) => void;
}

/** Lines of the detail besides its context lines: where, rule, secret, decision. */
const DETAIL_FIXED = 4;

export function ReviewApp({ items, columns, rows, color, title = 'review', onDone }: ReviewAppProps) {
  const [state, dispatch] = useReducer(
    (current: ReturnType<typeof initialState>, event: { input: string; key: KeyPress }) => reduce(current, event.input, event.key),
    items,
    initialState,
  );
  useInput((input, key) => dispatch({ input, key }));
  useEffect(() => {
    if (state.outcome) onDone(state.outcome);
  }, [state.outcome, onDone]);

  const width = Math.max(20, columns);
  const item = state.items[state.cursor]!;
  const settledIndex = settledBy(state, state.cursor);
  const settled = state.items.map((_, i) => settledBy(state, i) !== undefined);
  const left = undecided(state);
  // Keep one row free: Ink redraws a frame as tall as the terminal by clearing the screen.
  const free = Math.max(4, rows - 1) - 1 - 1 - DETAIL_FIXED - (item.finding.decoded ? 1 : 0) - 1 - 1 - keyHelpRows(width);
  const contextLines = item.clear?.lines.length ?? 1;
  const listRows = Math.min(state.items.length, Math.max(1, Math.min(free - Math.min(contextLines, 3), Math.ceil(free / 3))));
  const contextRows = Math.max(1, free - listRows);
  const covering = settledIndex !== undefined && settledIndex !== state.cursor ? state.items[settledIndex]!.finding : undefined;

  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end">
        <Text bold {...tint(color, 'red')}>{`leakgate · ${title}`}</Text>
        {` · finding ${state.cursor + 1} of ${state.items.length} · ${state.items.length - left} decided`}
      </Text>
      <Text> </Text>
      <FindingDetail
        item={item}
        revealed={state.revealed}
        {...(settledIndex !== undefined ? { decision: state.decisions.get(settledIndex)! } : {})}
        {...(covering ? { coveredBy: `${printable(covering.file)}:${covering.line}` } : {})}
        color={color}
        width={width}
        contextRows={contextRows}
      />
      <Text> </Text>
      <FindingList items={state.items} cursor={state.cursor} settled={settled} rows={listRows} color={color} width={width} />
      <Text> </Text>
      <KeyHelp mode={state.mode} undecided={left} {...(state.message ? { message: state.message } : {})} color={color} width={width} />
    </Box>
  );
}
