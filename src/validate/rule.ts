/**
 * What a validation rule is: a stable code, a default severity, and a check over the
 * families of one payload that reports findings through a `Report`.
 */
import type { Code, Diagnostic, Severity } from '../diagnostics.js';
import type { Labels, Metric, MetricFamily } from '../model.js';

export interface ValidateOptions {
  /** Codes of rules to skip. */
  disable?: Iterable<Code>;
  /** Lint as a push to this group: applies the gateway rules (timestamps, grouping labels). */
  grouping?: Labels;
  /** Run only the rules whose findings are errors (a gateway judging a push needs no naming advice). */
  errorsOnly?: boolean;
}

interface RuleContext {
  options: ValidateOptions;
  report(finding: Finding): void;
}

export interface Finding {
  message: string;
  family: MetricFamily;
  /** The metric concerned; its line is used, else the family's. */
  metric?: Metric;
  /** A line to point at when neither the metric's nor the family's is right. */
  line?: number;
}

export interface Rule {
  code: Code;
  severity: Severity;
  /** Runs over the whole payload; most rules look at one family at a time. */
  check(families: readonly MetricFamily[], context: RuleContext): void;
}

/** A rule that looks at each family on its own. */
export function familyRule(
  code: Code,
  severity: Severity,
  check: (family: MetricFamily, report: (message: string, metric?: Metric) => void, options: ValidateOptions) => void,
): Rule {
  return {
    code,
    severity,
    check(families, context) {
      // One report function for all families, not a closure per family and rule.
      let family: MetricFamily;
      const report = (message: string, metric?: Metric) => context.report({ message, family, metric });
      for (family of families) check(family, report, context.options);
    },
  };
}

export function toDiagnostic(rule: Rule, finding: Finding): Diagnostic {
  return {
    code: rule.code,
    severity: rule.severity,
    message: finding.message,
    line: finding.line ?? finding.metric?.line ?? finding.family.line ?? 0,
    column: 1,
    family: finding.family.name,
  };
}
