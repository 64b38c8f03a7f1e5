/**
 * Name escaping against prometheus/common's model.EscapeName / UnescapeName (model/metric.go
 * at d2417e2): every row's expected strings are what Go's functions return for the same
 * name (a lone surrogate given to Go as U+FFFD, the character it becomes in UTF-8). The
 * rows of upstream's TestEscapeName and TestValueUnescapeErrors are here, with our own:
 * valid names, the empty name, multi-byte and invalid characters, `U__` prefixes.
 */
import { describe, expect, it } from 'vitest';
import type { MetricFamily } from '../../src/model.js';
import {
  ESCAPING_SCHEMES,
  escapeFamily,
  escapeName,
  isEscapingScheme,
  isLegacyLabelName,
  isLegacyMetricName,
  isUtf8Name,
  unescapeName,
} from '../../src/name-escaping.js';

/** [name, underscores, dots, dots unescaped back, values, values unescaped back]. */
const ESCAPES: readonly (readonly [string, string, string, string, string, string])[] = [
  ['', '', '', '', '', ''],
  ['no:escaping_required', 'no:escaping_required', 'no:escaping__required', 'no:escaping_required', 'no:escaping_required', 'no:escaping_required'],
  [
    'mysystem.prod.west.cpu.load',
    'mysystem_prod_west_cpu_load',
    'mysystem_dot_prod_dot_west_dot_cpu_dot_load',
    'mysystem.prod.west.cpu.load',
    'U__mysystem_2e_prod_2e_west_2e_cpu_2e_load',
    'mysystem.prod.west.cpu.load',
  ],
  [
    'mysystem.prod.west.cpu.load_total',
    'mysystem_prod_west_cpu_load_total',
    'mysystem_dot_prod_dot_west_dot_cpu_dot_load__total',
    'mysystem.prod.west.cpu.load_total',
    'U__mysystem_2e_prod_2e_west_2e_cpu_2e_load__total',
    'mysystem.prod.west.cpu.load_total',
  ],
  ['http.status:sum', 'http_status:sum', 'http_dot_status:sum', 'http.status:sum', 'U__http_2e_status:sum', 'http.status:sum'],
  ['label with 😱', 'label_with__', 'label__with____', 'label_with__', 'U__label_20_with_20__1f631_', 'label with 😱'],
  ['花火', '__', '____', '__', 'U___82b1__706b_', '花火'],
  ['label with Ā', 'label_with__', 'label__with____', 'label_with__', 'U__label_20_with_20__100_', 'label with Ā'],
  ['1st', '_st', '__st', '_st', 'U___31_st', '1st'],
  ['a1', 'a1', 'a1', 'a1', 'a1', 'a1'],
  ['_', '_', '__', '_', '_', '_'],
  ['__name__', '__name__', '____name____', '__name__', '__name__', '__name__'],
  ['U__my_2e_metric', 'U__my_2e_metric', 'U____my__2e__metric', 'U__my_2e_metric', 'U__my_2e_metric', 'my.metric'],
  ['U__', 'U__', 'U____', 'U__', 'U__', ''],
  ['U__.', 'U___', 'U_____dot_', 'U__.', 'U__U_____2e_', 'U__.'],
  ['my.metric', 'my_metric', 'my_dot_metric', 'my.metric', 'U__my_2e_metric', 'my.metric'],
  ['host.name', 'host_name', 'host_dot_name', 'host.name', 'U__host_2e_name', 'host.name'],
  ['a-b', 'a_b', 'a__b', 'a_b', 'U__a_2d_b', 'a-b'],
  [
    'dot.and_underscore_dot_',
    'dot_and_underscore_dot_',
    'dot_dot_and__underscore__dot__',
    'dot.and_underscore_._',
    'U__dot_2e_and__underscore__dot__',
    'dot.and_underscore_dot_',
  ],
  ['\u{10FFFD}', '_', '__', '_', 'U___10fffd_', 'U___10fffd_'],
  ['😀', '_', '__', '_', 'U___1f600_', '😀'],
  ['é', '_', '__', '_', 'U___e9_', 'é'],
  ['\ud800', '_', '__', '_', 'U___fffd_', '\u{FFFD}'],
  ['a\udc00b', 'a_b', 'a__b', 'a_b', 'U__a_fffd_b', 'a\u{FFFD}b'],
  ['\u{FFFD}', '_', '__', '_', 'U___fffd_', '\u{FFFD}'],
  ['\n', '_', '__', '_', 'U___a_', '\n'],
  ['"quoted"', '_quoted_', '__quoted__', '_quoted_', 'U___22_quoted_22_', '"quoted"'],
  ['back\\slash', 'back_slash', 'back__slash', 'back_slash', 'U__back_5c_slash', 'back\\slash'],
  ['a:b', 'a:b', 'a:b', 'a:b', 'a:b', 'a:b'],
  ['0', '_', '__', '_', 'U___30_', '0'],
  ['_dot_', '_dot_', '__dot__', '_._', '_dot_', '_dot_'],
  ['ünïcödé.name', '_n_c_d__name', '__n__c__d___dot_name', '_n_c_d_.name', 'U___fc_n_ef_c_f6_d_e9__2e_name', 'ünïcödé.name'],
  [':', ':', ':', ':', ':', ':'],
  ['a__b', 'a__b', 'a____b', 'a__b', 'a__b', 'a__b'],
  ['U___2e_', 'U___2e_', 'U______2e__', 'U___2e_', 'U___2e_', '.'],
  [
    'U__no:unescapingrequired',
    'U__no:unescapingrequired',
    'U____no:unescapingrequired',
    'U__no:unescapingrequired',
    'U__no:unescapingrequired',
    'no:unescapingrequired',
  ],
  ['U__capitals_2E_ok', 'U__capitals_2E_ok', 'U____capitals__2E__ok', 'U__capitals_2E_ok', 'U__capitals_2E_ok', 'capitals.ok'],
  [
    'U__underscores__doubled__',
    'U__underscores__doubled__',
    'U____underscores____doubled____',
    'U__underscores__doubled__',
    'U__underscores__doubled__',
    'underscores_doubled_',
  ],
  [
    'U__underscores_doubled_',
    'U__underscores_doubled_',
    'U____underscores__doubled__',
    'U__underscores_doubled_',
    'U__underscores_doubled_',
    'U__underscores_doubled_',
  ],
  [
    'U__underscores__doubled_',
    'U__underscores__doubled_',
    'U____underscores____doubled__',
    'U__underscores__doubled_',
    'U__underscores__doubled_',
    'U__underscores__doubled_',
  ],
  [
    'U__my__hack_2e_attempt_872348732fabdabbab_',
    'U__my__hack_2e_attempt_872348732fabdabbab_',
    'U____my____hack__2e__attempt__872348732fabdabbab__',
    'U__my__hack_2e_attempt_872348732fabdabbab_',
    'U__my__hack_2e_attempt_872348732fabdabbab_',
    'U__my__hack_2e_attempt_872348732fabdabbab_',
  ],
  ['U__my__hack_2e', 'U__my__hack_2e', 'U____my____hack__2e', 'U__my__hack_2e', 'U__my__hack_2e', 'U__my__hack_2e'],
  ['U__bad__utf_2eg_', 'U__bad__utf_2eg_', 'U____bad____utf__2eg__', 'U__bad__utf_2eg_', 'U__bad__utf_2eg_', 'U__bad__utf_2eg_'],
  ['U__bad__utf_D900_', 'U__bad__utf_D900_', 'U____bad____utf__D900__', 'U__bad__utf_D900_', 'U__bad__utf_D900_', 'U__bad__utf_D900_'],
  ['U___10fffd_', 'U___10fffd_', 'U______10fffd__', 'U___10fffd_', 'U___10fffd_', 'U___10fffd_'],
  ['U___fffff_', 'U___fffff_', 'U______fffff__', 'U___fffff_', 'U___fffff_', '\u{FFFFF}'],
  ['U___0_', 'U___0_', 'U______0__', 'U___0_', 'U___0_', '\u0000'],
  ['U___\u0011_', 'U_____', 'U__________', 'U_____', 'U__U_______11___', 'U___\u0011_'],
  ['U___', 'U___', 'U______', 'U___', 'U___', 'U___'],
  ['u__2e_', 'u__2e_', 'u____2e__', 'u__2e_', 'u__2e_', 'u__2e_'],
  ['U__a_2e', 'U__a_2e', 'U____a__2e', 'U__a_2e', 'U__a_2e', 'U__a_2e'],
  ['U___1f631_', 'U___1f631_', 'U______1f631__', 'U___1f631_', 'U___1f631_', '😱'],
  ['U__花_2e_', 'U____2e_', 'U________2e__', 'U____2e_', 'U__U_____82b1___2e__', 'U__花_2e_'],
  ['U___ffff_', 'U___ffff_', 'U______ffff__', 'U___ffff_', 'U___ffff_', '\u{FFFF}'],
  ['U___d800_', 'U___d800_', 'U______d800__', 'U___d800_', 'U___d800_', 'U___d800_'],
  ['U__A_2E__2E_', 'U__A_2E__2E_', 'U____A__2E____2E__', 'U__A_2E__2E_', 'U__A_2E__2E_', 'A..'],
];

/** [name, UnescapeName(name, values), UnescapeName(name, dots)]: names given to unescape as they are. */
const UNESCAPES: readonly (readonly [string, string, string])[] = [
  ['', '', ''],
  ['no:escaping_required', 'no:escaping_required', 'no:escaping_required'],
  ['mysystem.prod.west.cpu.load', 'mysystem.prod.west.cpu.load', 'mysystem.prod.west.cpu.load'],
  ['mysystem.prod.west.cpu.load_total', 'mysystem.prod.west.cpu.load_total', 'mysystem.prod.west.cpu.load_total'],
  ['http.status:sum', 'http.status:sum', 'http.status:sum'],
  ['label with 😱', 'label with 😱', 'label with 😱'],
  ['花火', '花火', '花火'],
  ['label with Ā', 'label with Ā', 'label with Ā'],
  ['1st', '1st', '1st'],
  ['a1', 'a1', 'a1'],
  ['_', '_', '_'],
  ['__name__', '__name__', '_name_'],
  ['U__my_2e_metric', 'my.metric', 'U_my_2e_metric'],
  ['U__', '', 'U_'],
  ['U__.', '.', 'U_.'],
  ['my.metric', 'my.metric', 'my.metric'],
  ['host.name', 'host.name', 'host.name'],
  ['a-b', 'a-b', 'a-b'],
  ['dot.and_underscore_dot_', 'dot.and_underscore_dot_', 'dot.and_underscore.'],
  ['\u{10FFFD}', '\u{10FFFD}', '\u{10FFFD}'],
  ['😀', '😀', '😀'],
  ['é', 'é', 'é'],
  ['\ud800', '\ud800', '\ud800'],
  ['a\udc00b', 'a\udc00b', 'a\udc00b'],
  ['\u{FFFD}', '\u{FFFD}', '\u{FFFD}'],
  ['\n', '\n', '\n'],
  ['"quoted"', '"quoted"', '"quoted"'],
  ['back\\slash', 'back\\slash', 'back\\slash'],
  ['a:b', 'a:b', 'a:b'],
  ['0', '0', '0'],
  ['_dot_', '_dot_', '.'],
  ['ünïcödé.name', 'ünïcödé.name', 'ünïcödé.name'],
  [':', ':', ':'],
  ['a__b', 'a__b', 'a_b'],
  ['U___2e_', '.', 'U__2e_'],
  ['U__no:unescapingrequired', 'no:unescapingrequired', 'U_no:unescapingrequired'],
  ['U__capitals_2E_ok', 'capitals.ok', 'U_capitals_2E_ok'],
  ['U__underscores__doubled__', 'underscores_doubled_', 'U_underscores_doubled_'],
  ['U__underscores_doubled_', 'U__underscores_doubled_', 'U_underscores_doubled_'],
  ['U__underscores__doubled_', 'U__underscores__doubled_', 'U_underscores_doubled_'],
  ['U__my__hack_2e_attempt_872348732fabdabbab_', 'U__my__hack_2e_attempt_872348732fabdabbab_', 'U_my_hack_2e_attempt_872348732fabdabbab_'],
  ['U__my__hack_2e', 'U__my__hack_2e', 'U_my_hack_2e'],
  ['U__bad__utf_2eg_', 'U__bad__utf_2eg_', 'U_bad_utf_2eg_'],
  ['U__bad__utf_D900_', 'U__bad__utf_D900_', 'U_bad_utf_D900_'],
  ['U___10fffd_', 'U___10fffd_', 'U__10fffd_'],
  ['U___fffff_', '\u{FFFFF}', 'U__fffff_'],
  ['U___0_', '\u0000', 'U__0_'],
  ['U___\u0011_', '\u0001', 'U__\u0011_'],
  ['U___', 'U___', 'U__'],
  ['u__2e_', 'u__2e_', 'u_2e_'],
  ['U__a_2e', 'U__a_2e', 'U_a_2e'],
  ['U___1f631_', '😱', 'U__1f631_'],
  ['U__花_2e_', '花.', 'U_花_2e_'],
  ['U___ffff_', '\u{FFFF}', 'U__ffff_'],
  ['U___d800_', 'U___d800_', 'U__d800_'],
  ['U__A_2E__2E_', 'A..', 'U_A_2E_2E_'],
];

describe('escapeName and unescapeName, as Go', () => {
  it.each(ESCAPES)('%j', (name, underscores, dots, dotsBack, values, valuesBack) => {
    expect(escapeName(name, 'allow-utf-8')).toBe(name);
    expect(unescapeName(name, 'allow-utf-8')).toBe(name);
    expect(escapeName(name, 'underscores')).toBe(underscores);
    // Underscore escaping cannot be undone: unescaping changes nothing.
    expect(unescapeName(underscores, 'underscores')).toBe(underscores);
    expect(escapeName(name, 'dots')).toBe(dots);
    expect(unescapeName(dots, 'dots')).toBe(dotsBack);
    expect(escapeName(name, 'values')).toBe(values);
    expect(unescapeName(values, 'values')).toBe(valuesBack);
  });

  it.each(UNESCAPES)('unescapes %j', (name, values, dots) => {
    expect(unescapeName(name, 'values')).toBe(values);
    expect(unescapeName(name, 'dots')).toBe(dots);
    expect(unescapeName(name, 'underscores')).toBe(name);
  });

  it('round-trips every name that is not legacy and whose code points have at most five hex digits under values', () => {
    for (const [name, , , , values, back] of ESCAPES) {
      if (name === '' || isLegacyMetricName(name) || !isUtf8Name(name) || [...name].some((c) => c.codePointAt(0)! > 0xfffff)) continue;
      expect(back, values).toBe(name);
    }
  });
});

describe('scheme names and validity', () => {
  it('knows the four schemes of the escaping parameter', () => {
    expect(ESCAPING_SCHEMES).toEqual(['allow-utf-8', 'underscores', 'dots', 'values']);
    expect(ESCAPING_SCHEMES.every(isEscapingScheme)).toBe(true);
    expect(isEscapingScheme('Underscores')).toBe(false);
    expect(isEscapingScheme('')).toBe(false);
  });

  it('tells legacy metric names, legacy label names and UTF-8 names apart', () => {
    expect([isLegacyMetricName('a:b'), isLegacyLabelName('a:b')]).toEqual([true, false]);
    expect([isLegacyMetricName('_1'), isLegacyLabelName('_1')]).toEqual([true, true]);
    expect([isLegacyMetricName('1a'), isLegacyLabelName('1a'), isUtf8Name('1a')]).toEqual([false, false, true]);
    expect([isLegacyMetricName(''), isUtf8Name('')]).toEqual([false, false]);
    expect([isUtf8Name('my.metric'), isUtf8Name('花火'), isUtf8Name('😱')]).toEqual([true, true, true]);
    expect([isUtf8Name('a\uD800'), isUtf8Name('\uDC00b')]).toEqual([false, false]);
  });
});

describe('escapeFamily, as EscapeMetricFamily', () => {
  const family = (name: string, labels: string[][], type: 'counter' | 'gauge' = 'counter'): MetricFamily => ({
    name,
    type,
    help: 'some help text',
    metrics: labels.map((l) => ({ labels: l, value: 34.2 })),
  });

  it('returns the family itself when no name needs escaping, under every scheme', () => {
    const f = family('my_metric', [['some_label', 'labelvalue']]);
    for (const scheme of ESCAPING_SCHEMES) expect(escapeFamily(f, scheme)).toBe(f);
  });

  it('escapes a label name with values, keeping the value and the input untouched', () => {
    const f = family('my_metric', [['some.label', 'labelvalue']]);
    const before = structuredClone(f);
    expect(escapeFamily(f, 'values')).toEqual(family('my_metric', [['U__some_2e_label', 'labelvalue']]));
    expect(f).toEqual(before);
  });

  it('escapes the family name and label names, not values', () => {
    const f = family('my.metric', [['some?label', 'label??value']]);
    expect(escapeFamily(f, 'values')).toEqual(family('U__my_2e_metric', [['U__some_3f_label', 'label??value']]));
  });

  it('under dots, escapes only names that are not legacy (upstream: unicode.and.dots.花火)', () => {
    const f = family('unicode.and.dots.花火', [['some_label', 'label??value']], 'gauge');
    expect(escapeFamily(f, 'dots')).toEqual(family('unicode_dot_and_dot_dots_dot_____', [['some_label', 'label??value']], 'gauge'));
  });

  it('shares the metrics that need no escaping, and escapes a __name__ label value', () => {
    const f = family('a.b', [
      ['x', '1'],
      ['__name__', 'a.b', 'y.z', '2'],
    ]);
    const escaped = escapeFamily(f, 'underscores');
    expect(escaped.metrics[0]).toBe(f.metrics[0]);
    expect(escaped.metrics[1].labels).toEqual(['__name__', 'a_b', 'y_z', '2']);
    expect(escapeFamily(f, 'allow-utf-8')).toBe(f);
  });

  it('leaves a label name with a colon alone (Go checks label names as metric names here)', () => {
    const f = family('m', [['a:b', '1']]);
    expect(escapeFamily(f, 'underscores')).toBe(f);
  });
});
