/** Units promlint recognises in a metric name, and the base unit each should be. */

// A Map, not an object literal: a word like `constructor` must not hit Object.prototype.
const BASE_OF = new Map<string, string>(
  Object.entries({
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
  }),
);

const PREFIXES = [
  'pico',
  'nano',
  'micro',
  'milli',
  'centi',
  'deci',
  'deca',
  'hecto',
  'kilo',
  'kibi',
  'mega',
  'mibi',
  'giga',
  'gibi',
  'tera',
  'tebi',
  'peta',
  'pebi',
];

interface Unit {
  unit: string;
  base: string;
}

/** The first word of the name (split on `_`) that is a known unit, possibly SI-prefixed. */
export function metricUnit(name: string): Unit | undefined {
  for (const word of name.split('_')) {
    const unit = unitOfWord(word);
    if (unit !== null) return unit;
  }
  return undefined;
}

// Words repeat from name to name (`node`, `bytes`, `total`): each is worked out once.
const WORD_CACHE_SIZE = 10_000;
const unitsOfWords = new Map<string, Unit | null>();

function unitOfWord(word: string): Unit | null {
  let unit = unitsOfWords.get(word);
  if (unit !== undefined) return unit;
  unit = null;
  const base = BASE_OF.get(word);
  if (base !== undefined) {
    unit = { unit: word, base };
  } else {
    for (const prefix of PREFIXES) {
      const prefixed = word.startsWith(prefix) ? BASE_OF.get(word.slice(prefix.length)) : undefined;
      if (prefixed !== undefined) {
        unit = { unit: word, base: prefixed };
        break;
      }
    }
  }
  if (unitsOfWords.size < WORD_CACHE_SIZE) unitsOfWords.set(word, unit);
  return unit;
}
