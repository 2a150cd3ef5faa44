// build-config-guess-old: an autoconf config.guess that has no aarch64 Linux case (or a config.sub that
// does not know aarch64). ./configure on an arm64 host stops with "unable to guess system type".
import type { Rule, RuleContext } from '../rule';

export const rule: Rule = {
  meta: {
    id: 'build-config-guess-old',
    defaultSeverity: 'warning',
    category: 'build-flags',
    kinds: ['config-guess'],
    description: 'config.guess/config.sub predates aarch64 support.',
  },
  check(ctx: RuleContext) {
    if (!ctx.config.targets.some((t) => t === 'linux/arm64')) return;
    const text = ctx.text;
    const isGuess = /config\.guess$/i.test(ctx.path);
    // Must look like the GNU script, not an unrelated file of that name.
    if (!/timestamp=|GNU config|config\.(guess|sub)/i.test(text)) return;
    const knows = isGuess ? /aarch64:Linux/.test(text) : /\baarch64\b/.test(text);
    if (knows) return;
    const ts = /timestamp='([^']*)'/.exec(text);
    const start = ts ? ts.index : 0;
    const end = ts ? ts.index + ts[0].length : Math.max(0, text.indexOf('\n'));
    const file = isGuess ? 'config.guess' : 'config.sub';
    const symptom = isGuess
      ? 'on an arm64 host ./configure stops with "unable to guess system type"'
      : 'configure rejects the aarch64 host triplet ("machine `aarch64-...\' not recognized")';
    ctx.report({
      start,
      end,
      message:
        `This ${file}${ts ? ` (timestamp ${ts[1]})` : ''} has no aarch64 Linux entry: ${symptom}. ` +
        `Replace it with a current copy from GNU config (https://git.savannah.gnu.org/cgit/config.git), or regenerate with autoreconf -fi.`,
    });
  },
};
