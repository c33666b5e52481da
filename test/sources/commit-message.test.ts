/** The commit message as git will store it: which cleanup applies, and which lines it keeps (pure). */
import { describe, expect, it } from 'vitest';
import { messageCleanup, messageFragment, SCISSORS, type CleanupSettings } from '../../src/sources/commit-message.js';
import { COMMIT_MESSAGE_PATH } from '../../src/types.js';

describe('messageCleanup: what git removes, from its settings', () => {
  const cases: [string, CleanupSettings, ReturnType<typeof messageCleanup>][] = [
    ['an edited message, git’s defaults', { edited: true }, { comment: '#', scissors: ['#'] }],
    ['a -m or -F message, git’s defaults: # lines are kept', { edited: false }, { scissors: [] }],
    ['core.commentChar ;', { edited: true, commentString: ';' }, { comment: ';', scissors: [';'] }],
    ['core.commentString // (git 2.45 and later)', { edited: true, commentString: '//' }, { comment: '//', scissors: ['//'] }],
    ['commit.cleanup default', { edited: true, cleanup: 'default' }, { comment: '#', scissors: ['#'] }],
    ['commit.cleanup strip, even for -m', { edited: false, cleanup: 'strip' }, { comment: '#', scissors: [] }],
    ['commit.cleanup whitespace', { edited: true, cleanup: 'whitespace' }, { scissors: ['#'] }],
    ['commit.cleanup verbatim', { edited: true, cleanup: 'verbatim' }, { scissors: ['#'] }],
    ['commit.cleanup scissors', { edited: true, cleanup: 'scissors' }, { scissors: ['#'] }],
    ['commit.cleanup scissors for -m (git cuts only edited messages)', { edited: false, cleanup: 'scissors' }, { scissors: [] }],
    ['an empty commentChar falls back to #', { edited: true, commentString: '' }, { comment: '#', scissors: ['#'] }],
  ];
  for (const [name, settings, expected] of cases) it(name, () => expect(messageCleanup(settings)).toEqual(expected));

  it('core.commentChar auto: no line is dropped as a comment, any of git’s candidates may start the scissors line', () => {
    const cleanup = messageCleanup({ edited: true, commentString: 'AUTO' });
    expect(cleanup.comment).toBeUndefined();
    expect(cleanup.scissors).toEqual(['#', ';', '@', '!', '$', '%', '^', '&', '|', ':']);
  });
});

describe('messageFragment: the lines git stores, numbered as in the message file', () => {
  const edited = messageCleanup({ edited: true });

  it('drops comment lines, keeping the others’ line numbers', () => {
    const fragment = messageFragment('subject\n# a comment\n\nbody # not a comment\n #indented is kept\n', edited);
    expect(fragment.path).toBe(COMMIT_MESSAGE_PATH);
    expect(fragment.text).toBe('subject\n\nbody # not a comment\n #indented is kept\n');
    expect(fragment.lineNumbers).toEqual([1, 3, 4, 5, 6]);
  });

  it('drops the scissors line and everything below it (the diff of git commit -v)', () => {
    const text = `fix\n\n# Please enter the commit message\n# ${SCISSORS}\n# Do not modify or remove the line above.\ndiff --git a/x b/x\n+TOKEN=x\n`;
    const fragment = messageFragment(text, edited);
    expect(fragment.text).toBe('fix\n');
    expect(fragment.lineNumbers).toEqual([1, 2]);
  });

  it('cuts only at the whole scissors line, followed by a newline, as git does', () => {
    for (const text of [`a\n# ${SCISSORS} and more\nb\n`, `a\n#${SCISSORS}\nb\n`, `a\n# ${SCISSORS}\r\nb\n`, `a\nb\n# ${SCISSORS}`]) {
      const fragment = messageFragment(text, messageCleanup({ edited: true, cleanup: 'verbatim' }));
      expect(fragment.text).toBe(text);
    }
  });

  it('a scissors line at the very top leaves nothing', () => {
    expect(messageFragment(`# ${SCISSORS}\nsecret below\n`, edited).text).toBe('');
  });

  it('with core.commentChar ;, only ; lines are comments, and the scissors line starts with ;', () => {
    const cleanup = messageCleanup({ edited: true, commentString: ';' });
    const fragment = messageFragment(`subject\n; comment\n# kept\n; ${SCISSORS}\nbelow\n`, cleanup);
    expect(fragment.text).toBe('subject\n# kept');
    expect(fragment.lineNumbers).toEqual([1, 3]);
  });

  it('a -m message is kept whole: # lines and a scissors line typed into it included', () => {
    const text = `#1 fix\n# ${SCISSORS}\nbelow\n`;
    const fragment = messageFragment(text, messageCleanup({ edited: false }));
    expect(fragment.text).toBe(text);
    expect(fragment.lineNumbers).toEqual([1, 2, 3, 4]);
  });
});
