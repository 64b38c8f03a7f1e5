/**
 * A regular expression in RE2's syntax (Go's `regexp`, which Prometheus uses for `=~`)
 * as a JavaScript RegExp that matches the whole string, as Prometheus anchors it:
 * `^(?:re)$`, with the `u` flag so that `.` and classes take code points, as RE2 takes
 * UTF-8 characters. Where the two languages differ, the RE2 meaning is kept:
 *
 * - `.` is any character but `\n` (JavaScript's also refuses `\r`, U+2028, U+2029);
 * - `\s` is `[\t\n\f\r ]` and `\S` its complement (JavaScript's are Unicode-wide);
 * - a leading `(?i)`/`(?s)` (or both) becomes a flag; `(?P<name>` a named group;
 *   `\A`, `\z`, `\x{h...}`, `\pL`, `\Q...\E` and any escaped punctuation mean what RE2 says;
 * - what RE2 refuses is refused too (a SyntaxError): look-around, back-references,
 *   repeat counts above 1000, and `\Q` without `\E` (in Prometheus's wrapper it takes the
 *   closing parenthesis).
 *
 * Not translated, refused with a reason: flags other than a leading `i`/`s` (`(?m)`,
 * `(?U)`, flags inside), POSIX classes `[[:alpha:]]`. Unicode class names follow
 * JavaScript (`\p{Greek}` is `\p{Script=Greek}` there).
 */
export function re2ToRegExp(source: string): RegExp {
  let flags = 'u';
  let rest = source;
  const leading = /^\(\?([a-zA-Z]+)\)/.exec(rest);
  if (leading !== null) {
    for (const flag of leading[1]) {
      if (flag !== 'i' && flag !== 's') throw new SyntaxError(`the flag ${flag} of ${JSON.stringify(source)} is not supported (only a leading (?i) and (?s))`);
      if (!flags.includes(flag)) flags += flag;
    }
    rest = rest.slice(leading[0].length);
  }
  const dotAll = flags.includes('s');
  let out = '';
  let inClass = false;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i];
    if (c === '\\') {
      const next = rest[i + 1];
      if (next === undefined) throw new SyntaxError(`trailing backslash in ${JSON.stringify(source)}`);
      i++;
      if (next === 'Q') {
        // \Q...\E: everything up to \E literally.
        const end = rest.indexOf('\\E', i + 1);
        // Prometheus wraps the expression in `^(?:...)$`: an open \Q takes the `)` too, and Go refuses it.
        if (end < 0) throw new SyntaxError(`\\Q without \\E in ${JSON.stringify(source)} (Prometheus refuses it: missing closing ))`);
        const literal = rest.slice(i + 1, end);
        for (const ch of literal) out += hexEscape(ch);
        i = end + 1;
        continue;
      }
      if (next === 'A' && !inClass) out += '^';
      else if (next === 'z' && !inClass) out += '$';
      else if (next === 's') out += inClass ? '\\t\\n\\f\\r ' : '[\\t\\n\\f\\r ]';
      else if (next === 'S' && !inClass) out += '[^\\t\\n\\f\\r ]';
      else if (next === 'x' && rest[i + 1] === '{') {
        const end = rest.indexOf('}', i);
        if (end < 0) throw new SyntaxError(`unterminated \\x{ in ${JSON.stringify(source)}`);
        out += `\\u{${rest.slice(i + 2, end)}}`;
        i = end;
      } else if ((next === 'p' || next === 'P') && rest[i + 1] !== '{' && rest[i + 1] !== undefined) {
        out += `\\${next}{${rest[i + 1]}}`;
        i++;
      } else if (next >= '1' && next <= '9') throw new SyntaxError(`back-references (\\${next}) are not supported in ${JSON.stringify(source)}, as in RE2`);
      else if (next === 'k' || next === 'C' || next === 'Z') throw new SyntaxError(`\\${next} is not supported in ${JSON.stringify(source)}`);
      else if (/[!-/:-@[-`{-~]/.test(next)) out += hexEscape(next);
      else out += `\\${next}`;
      continue;
    }
    if (inClass) {
      if (c === '[' && rest[i + 1] === ':') throw new SyntaxError(`POSIX classes such as [:alpha:] are not supported in ${JSON.stringify(source)}`);
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // A `]` or `^]` right after `[` is a literal in RE2.
      if (rest[i + 1] === '^') out += rest[++i];
      if (rest[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '{') {
      // RE2 allows at most 1000 repetitions.
      const repeat = /^\{(\d+)(?:,(\d*))?\}/.exec(rest.slice(i));
      if (repeat !== null && (Number(repeat[1]) > 1000 || Number(repeat[2] ?? 0) > 1000)) {
        throw new SyntaxError(`invalid repeat count ${repeat[0]} in ${JSON.stringify(source)} (RE2 allows at most 1000)`);
      }
    }
    if (c === '.') {
      out += dotAll ? '[^]' : '[^\\n]';
      continue;
    }
    if (c === '(' && rest[i + 1] === '?') {
      const group = rest.slice(i, i + 4);
      if (group.startsWith('(?P<')) {
        out += '(?<';
        i += 3;
        continue;
      }
      if (group.startsWith('(?:')) {
        out += '(?:';
        i += 2;
        continue;
      }
      if (/^\(\?(=|!|<=|<!)/.test(group)) throw new SyntaxError(`look-around ${group.slice(0, 4)} is not supported in ${JSON.stringify(source)}, as in RE2`);
      throw new SyntaxError(`the group ${group} of ${JSON.stringify(source)} is not supported (inline flags only at the start: (?i), (?s))`);
    }
    out += c;
  }
  try {
    return new RegExp(`^(?:${out})$`, flags);
  } catch (error) {
    // JavaScript's message quotes the translation; name what was given.
    const reason = (error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '');
    throw new SyntaxError(`invalid regular expression ${JSON.stringify(source)}: ${reason}`);
  }
}

function hexEscape(ch: string): string {
  return `\\u{${ch.codePointAt(0)!.toString(16)}}`;
}
