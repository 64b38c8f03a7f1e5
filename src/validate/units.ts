/** Units promlint recognises in a metric name, and the base unit each should be. */

// A Map, not an object literal: a word like `constructor` must not hit Object.prototype.
const BASE_OF = new Map<string, string>(Object.entries({
  amperes: 'amperes',
  bytes: 'bytes',
  celsius: 'celsius',
  grams: 'grams',
  joules: 'joules',
  kelvin: 'kelvin',
  meters: 'meters',
  metres: 'metres',
  seconds: 'seconds',
  volts: 'volts',
  minutes: 'seconds',
  hours: 'seconds',
  days: 'seconds',
  weeks: 'seconds',
  kelvins: 'kelvin',
  fahrenheit: 'celsius',
  rankine: 'celsius',
  inches: 'meters',
  yards: 'meters',
  miles: 'meters',
  bits: 'bytes',
  calories: 'joules',
  pounds: 'grams',
  ounces: 'grams',
}));

const PREFIXES = ['pico', 'nano', 'micro', 'milli', 'centi', 'deci', 'deca', 'hecto', 'kilo', 'kibi', 'mega', 'mibi', 'giga', 'gibi', 'tera', 'tebi', 'peta', 'pebi'];

/** The first word of the name (split on `_`) that is a known unit, possibly SI-prefixed. */
export function metricUnit(name: string): { unit: string; base: string } | undefined {
  for (const word of name.split('_')) {
    const base = BASE_OF.get(word);
    if (base !== undefined) return { unit: word, base };
    for (const prefix of PREFIXES) {
      if (word.startsWith(prefix)) {
        const prefixed = BASE_OF.get(word.slice(prefix.length));
        if (prefixed !== undefined) return { unit: word, base: prefixed };
      }
    }
  }
  return undefined;
}
