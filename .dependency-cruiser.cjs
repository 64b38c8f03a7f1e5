/**
 * The allowed import directions of ARCHITECTURE.md, checked by `npm run check:imports`
 * (part of `npm test`). Each stage may import only the stages below it:
 *
 *   cli -> gateway -> (index, lint) -> merge -> validate -> (parse, grammar, protobuf, render) -> foundations
 *
 * formats/ (the format registry) sits beside index and lint: it imports parse, protobuf and
 * render (and foundations) only; index, the gateway and the CLI import it, nothing below.
 *
 * Foundations are the leaf modules every stage shares: model, labels, order, codes,
 * diagnostics, label-set-hash, name-escaping. Within parse, text/ and openmetrics/ share core/ and
 * types.ts, never each other.
 */
const STAGES = ['cli', 'gateway', 'formats', 'merge', 'validate', 'parse', 'grammar', 'protobuf', 'render'];
const FOUNDATIONS = '^src/(model|labels|order|codes|diagnostics|label-set-hash|name-escaping)\\.ts$';
const ENTRY = '^src/(index|lint|judge-push|parse-api|protobuf-api|entries/[a-z]+)\\.ts$';

/** `from` stage must not import any of `to`. */
const forbid = (name, from, to, comment) => ({ name, comment, severity: 'error', from: { path: from }, to: { path: to } });
const stage = (s) => `^src/${s}/`;
const anyOf = (list) => `^src/(${list.join('|')})/`;

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Cycles hide the direction of the data walk.', from: {}, to: { circular: true } },
    forbid('foundations-are-leaves', FOUNDATIONS, `${anyOf(STAGES)}|${ENTRY}`, 'model, labels, order, codes, diagnostics, label-set-hash and name-escaping import no stage.'),
    forbid('nothing-imports-the-cli', '^src/(?!cli/)', stage('cli'), 'The CLI is the top: only it imports itself.'),
    forbid('only-the-cli-imports-the-gateway', '^src/(?!cli/|gateway/)', stage('gateway'), 'The gateway sits on the library; the library never reaches up to it.'),
    forbid('entries-stay-below-the-gateway', ENTRY, anyOf(['gateway', 'cli']), 'index.ts, lint.ts, judge-push.ts and the entries are the library.'),
    forbid('formats-sit-beside-the-entries', stage('formats'), `${anyOf(['gateway', 'cli', 'merge', 'validate', 'grammar'])}|${ENTRY}`, 'The format registry wires decoders and encoders: parse, protobuf and render only.'),
    forbid('merge-stays-below-the-entries', stage('merge'), `${anyOf(['gateway', 'cli', 'formats', 'parse', 'grammar', 'protobuf', 'render'])}|${ENTRY}`, 'merge works on families: it validates, it does not parse or render.'),
    forbid('validate-is-families-to-diagnostics', stage('validate'), `${anyOf(['gateway', 'cli', 'formats', 'merge', 'parse', 'grammar', 'protobuf', 'render'])}|${ENTRY}`, 'validate reads families only.'),
    forbid('parse-reads-only', stage('parse'), `${anyOf(['gateway', 'cli', 'formats', 'merge', 'validate', 'grammar', 'protobuf', 'render'])}|${ENTRY}`, 'The fast parsers stand alone.'),
    forbid('render-writes-only', stage('render'), `${anyOf(['gateway', 'cli', 'formats', 'merge', 'validate', 'parse', 'grammar', 'protobuf'])}|${ENTRY}`, 'The renderers take families, whoever made them.'),
    forbid('grammar-uses-parse-contracts', stage('grammar'), `${anyOf(['gateway', 'cli', 'formats', 'merge', 'validate', 'protobuf', 'render'])}|${ENTRY}|^src/parse/(openmetrics|text/(scanner|driver|parse|parse-stream)\\.ts)`, 'The grammar is the executable spec beside the fast parser: it shares contracts (parse/types.ts, core/, the family builder), not the scanner.'),
    forbid('protobuf-uses-parse-contracts', stage('protobuf'), `${anyOf(['gateway', 'cli', 'formats', 'merge', 'validate', 'grammar'])}|${ENTRY}|^src/parse/(text|openmetrics)/`, 'Protobuf decodes to the same families; it shares parse/types.ts and core/ only.'),
    forbid('dialects-do-not-import-each-other-text', '^src/parse/text/', '^src/parse/openmetrics/', 'The two text dialects share core/ and types.ts only.'),
    forbid('dialects-do-not-import-each-other-openmetrics', '^src/parse/openmetrics/', '^src/parse/text/', 'The two text dialects share core/ and types.ts only.'),
    forbid('core-is-shared-by-both-dialects', '^src/parse/(core/|types\\.ts)', '^src/parse/(text|openmetrics)/', 'core/ and types.ts sit under both dialects.'),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    exclude: { path: '^src/protobuf/generated/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js'] },
  },
};
