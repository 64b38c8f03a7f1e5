/** docs/format-rules.md §5: sample values (Go ParseFloat behind expfmt's guard) and timestamps. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/index.js';
import { expectError, familiesOf } from './helpers.js';

const valueOf = (token: string): number => (familiesOf(`a ${token}\n`)[0].metrics[0] as { value: number }).value;
const timestampOf = (token: string): number | undefined => familiesOf(`a 1 ${token}\n`)[0].metrics[0].timestampMs;

describe('§5 values Go accepts', () => {
  it.each([
    ['1', 1],
    ['+1', 1],
    ['-3e3', -3000],
    ['1E+3', 1000],
    ['1e-3', 0.001],
    ['.5', 0.5],
    ['5.', 5],
    ['+.5', 0.5],
    ['-.5e1', -5],
    ['00012', 12],
    ['0.1', 0.1],
    ['3.14', 3.14],
    ['2398.283', 2398.283],
    ['1.7976931348623157e308', Number.MAX_VALUE],
    ['9007199254740993', 9007199254740992],
    ['123456789012345678901234567890', 1.2345678901234568e29],
    ['0.000000000000000000000000000001', 1e-30],
    ['1e22', 1e22],
    ['1e23', 1e23],
  ])('reads %s as %d', (token, value) => {
    expect(valueOf(token)).toBe(value);
  });

  it.each(['Inf', 'inf', 'INF', '+Inf', 'iNf', 'infinity', '+Infinity', 'INFINITY'])('reads %s as +Inf', (token) => {
    expect(valueOf(token)).toBe(Infinity);
  });

  it.each(['-Inf', '-inf', '-INFINITY', '-Infinity'])('reads %s as -Inf', (token) => {
    expect(valueOf(token)).toBe(-Infinity);
  });

  it.each(['NaN', 'nan', 'NAN', 'nAn'])('reads %s as NaN', (token) => {
    expect(valueOf(token)).toBeNaN();
  });

  it('keeps -0 as negative zero', () => {
    expect(Object.is(valueOf('-0'), -0)).toBe(true);
    expect(Object.is(valueOf('-0.0e5'), -0)).toBe(true);
    expect(Object.is(valueOf('0'), 0)).toBe(true);
    expect(Object.is(valueOf('+0'), 0)).toBe(true);
  });

  it('gives 0 on underflow, keeping the sign, and keeps subnormals', () => {
    expect(valueOf('1e-400')).toBe(0);
    expect(Object.is(valueOf('1e-400'), 0)).toBe(true);
    expect(Object.is(valueOf('-1e-400'), -0)).toBe(true);
    expect(valueOf('4.9e-324')).toBe(Number.MIN_VALUE);
    expect(valueOf('2.2250738585072011e-308')).toBe(2.225073858507201e-308);
  });

  it('reads any number in the decimal grammar exactly as JavaScript rounds it', () => {
    const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
    const token = fc
      .tuple(
        fc.constantFrom('', '+', '-'),
        fc.oneof(
          fc.tuple(digits(1, 20), fc.option(digits(0, 20), { nil: undefined })).map(([i, f]) => (f === undefined ? i : `${i}.${f}`)),
          digits(1, 20).map((f) => `.${f}`),
        ),
        fc.option(
          fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), digits(1, 3)).map((p) => p.join('')),
          { nil: '' },
        ),
      )
      .map((p) => p.join(''));
    fc.assert(
      fc.property(token, (t) => {
        const expected = Number(t);
        if (Number.isFinite(expected)) expect(Object.is(valueOf(t), expected)).toBe(true);
        else expect(() => parse(`a ${t}\n`)).toThrow('(value out of range)');
      }),
      { numRuns: 1000 },
    );
  });

  it('reads 16- and 17-digit mantissas around 2^53 exactly as JavaScript rounds them', () => {
    // Below 2^53 the digits sum exactly and one multiplication or division rounds; from
    // 2^53 on, the engine does. Either way the value is the correctly rounded one.
    const mantissa = fc.oneof(fc.bigInt({ min: 2n ** 53n - 1000n, max: 2n ** 53n + 1000n }), fc.bigInt({ min: 10n ** 15n, max: 10n ** 17n - 1n }));
    fc.assert(
      fc.property(mantissa, fc.integer({ min: -25, max: 25 }), fc.integer({ min: 0, max: 17 }), (m, exponent, point) => {
        const digits = m.toString();
        const at = Math.max(0, digits.length - point);
        const t = `${digits.slice(0, at)}.${digits.slice(at)}e${exponent}`;
        expect(Object.is(valueOf(t), Number(t)), t).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads back every double from its shortest JavaScript form', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const sign = Object.is(x, -0) ? '-' : ''; // String(-0) is '0'
        expect(Object.is(valueOf(sign + String(x)), x)).toBe(true);
        expect(Object.is(valueOf(sign + x.toExponential()), x)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('§5 values Go rejects', () => {
  it.each([
    ['+NaN', 'invalid syntax'],
    ['-nan', 'invalid syntax'],
    ['.', 'invalid syntax'],
    ['1e', 'invalid syntax'],
    ['1e+', 'invalid syntax'],
    ['+', 'invalid syntax'],
    ['-', 'invalid syntax'],
    ['0x10', 'invalid syntax'],
    ['0b1', 'invalid syntax'],
    ['0o1', 'invalid syntax'],
    ['0x1p-3', 'unsupported character in float'],
    ['1p3', 'unsupported character in float'],
    ['1_000', 'unsupported character in float'],
    ['infinit', 'invalid syntax'],
    ['infinityy', 'invalid syntax'],
    ['1,5', 'invalid syntax'],
    ['١', 'invalid syntax'],
    ['1.2.3', 'invalid syntax'],
    ['e5', 'invalid syntax'],
    ['Infinity1', 'invalid syntax'],
    ['true', 'invalid syntax'],
    ['1e400', 'value out of range'],
    ['-1e400', 'value out of range'],
    ['1.7976931348623159e308', 'value out of range'],
  ])('rejects %s (%s)', (token, reason) => {
    expectError(`a ${token}\n`, {
      code: 'E_INVALID_VALUE',
      line: 1,
      column: 3,
      message: `expected float as value, got "${token}" (${reason})`,
    });
  });

  it('rejects a missing value', () => {
    expectError('a\n', { code: 'E_INVALID_VALUE', line: 1, column: 2, message: 'expected float as value, got ""' });
    expectError('a{b="c"}\n', { code: 'E_INVALID_VALUE', line: 1, column: 9, message: 'expected float as value, got ""' });
  });
});

describe('§5 timestamps', () => {
  it.each([
    ['1234', 1234],
    ['+5', 5],
    ['-3982045', -3982045],
    ['007', 7],
    ['-007', -7],
    ['0', 0],
    ['1700000000000', 1700000000000],
    ['9007199254740991', 9007199254740991],
    ['-9007199254740991', -9007199254740991],
    ['+9007199254740991', 9007199254740991],
    ['00000000000000000000000000000001', 1],
  ])('reads %s as %d', (token, ms) => {
    expect(timestampOf(token)).toBe(ms);
  });

  it('reads -0 as 0, not negative zero', () => {
    expect(Object.is(timestampOf('-0'), 0)).toBe(true);
  });

  it('leaves the timestamp out when there is none', () => {
    expect(familiesOf('a 1\n')[0].metrics[0]).toStrictEqual({ labels: [], value: 1, line: 1 });
  });

  it.each(['1.5', '1e3', '0x10', '1_000', '+', '-', '--1', '+-1', '1-', 'Inf', 'NaN', '١٢'])('rejects %s', (token) => {
    expectError(`a 1 ${token}\n`, { code: 'E_INVALID_TIMESTAMP', line: 1, column: 5, message: `expected integer as timestamp, got "${token}"` });
  });

  it.each(['9223372036854775808', '-9223372036854775809', '99999999999999999999999'])('rejects %s, outside int64', (token) => {
    expectError(`a 1 ${token}\n`, {
      code: 'E_INVALID_TIMESTAMP',
      line: 1,
      column: 5,
      message: `expected integer as timestamp, got "${token}" (out of int64 range)`,
    });
  });

  it.each(['9007199254740992', '-9007199254740992', '9223372036854775807', '-9223372036854775808', '+9007199254740993'])(
    'rejects %s: int64, but beyond what a JavaScript number holds exactly',
    (token) => {
      expectError(`a 1 ${token}\n`, {
        code: 'E_TIMESTAMP_OUT_OF_RANGE',
        line: 1,
        column: 5,
        message: `timestamp "${token}" is beyond ±(2^53-1) ms, which a JavaScript number cannot hold exactly`,
      });
    },
  );

  it('rejects anything after the timestamp', () => {
    expectError('a 1 2 3\n', { code: 'E_SPURIOUS_AFTER_TIMESTAMP', line: 1, column: 6, message: 'spurious string after timestamp: " 3"' });
    expectError('a 1 2 # c\n', { code: 'E_SPURIOUS_AFTER_TIMESTAMP', line: 1, column: 6, message: 'spurious string after timestamp: " # c"' });
  });
});
