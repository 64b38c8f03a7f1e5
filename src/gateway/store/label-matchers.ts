/**
 * Label matchers on grouping labels, as PromQL applies them to series: `=`, `!=`, `=~` and
 * `!~`, a label a group does not have counting as the empty value, and a regular
 * expression matching the whole value (anchored at both ends). A selector (one `{...}`)
 * matches a group when all its matchers do; a deletion takes one or more selectors and
 * removes a group any of them matches (as Prometheus's `match[]`).
 *
 * Every store applies them through `compileSelectors`, so that all stores agree on what a
 * selector deletes. The regular expressions are RE2's (Go's `regexp`) translated to
 * JavaScript (re2-to-js.ts).
 */
import type { Labels } from '../../model.js';
import { re2ToRegExp } from './re2-to-js.js';

export type MatchType = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  name: string;
  type: MatchType;
  /** The value, or for `=~` and `!~` the regular expression (RE2 syntax, not anchored). */
  value: string;
}

/** One `{...}`: a group matches when every matcher does. */
export type GroupSelector = readonly LabelMatcher[];

/** Whether a group with these grouping labels matches any of the selectors. Throws `SyntaxError` on a bad regular expression. */
export function compileSelectors(selectors: readonly GroupSelector[]): (labels: Labels) => boolean {
  const compiled = selectors.map((selector) => selector.map(compileMatcher));
  return (labels) => compiled.some((selector) => selector.every((matches) => matches(labels)));
}

/** Whether a matcher matches the empty value (a group without the label). */
export function matchesEmpty(matcher: LabelMatcher): boolean {
  return compileMatcher(matcher)([]);
}

function compileMatcher(matcher: LabelMatcher): (labels: Labels) => boolean {
  const { name, type, value } = matcher;
  const of = (labels: Labels) => labelValue(labels, name);
  switch (type) {
    case '=':
      return (labels) => of(labels) === value;
    case '!=':
      return (labels) => of(labels) !== value;
    case '=~': {
      const re = re2ToRegExp(value);
      return (labels) => re.test(of(labels));
    }
    case '!~': {
      const re = re2ToRegExp(value);
      return (labels) => !re.test(of(labels));
    }
  }
}

function labelValue(labels: Labels, name: string): string {
  for (let i = 0; i < labels.length; i += 2) if (labels[i] === name) return labels[i + 1];
  return '';
}
