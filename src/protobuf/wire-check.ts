/**
 * Checks that one message's bytes have the shape its schema gives them, before
 * @bufbuild/protobuf decodes them. The runtime trusts the wire type of a known field and
 * only bounds-checks against the end of the whole buffer, so a field sent with the wrong
 * wire type, or a nested message whose last field runs past its end, would decode into
 * silently wrong values instead of an error. This walk uses the runtime's reader and the
 * generated descriptors; it decodes nothing but the enum numbers it must check.
 *
 * Takes the bytes of one message; gives nothing, or the first problem (code and words).
 * Fields the schema does not name are skipped and listed in `unknown` (as
 * `Type.field-number`), so that the caller can say they were dropped.
 */
import { type DescField, type DescMessage, ScalarType } from '@bufbuild/protobuf';
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { firstInvalidUtf8 } from '../parse/core/utf8.js';
import { ProtobufCode } from './codes.js';

export interface WireProblem {
  code: ProtobufCode;
  message: string;
}

interface FieldRule {
  name: string;
  wire: WireType;
  /** A repeated number field, which may also come packed (length-delimited). */
  packable: boolean;
  /** Bytes per element when packed fixed-width, else 0. */
  fixedWidth: number;
  utf8: boolean;
  child: MessageRule | undefined;
  /** The numbers a (closed) enum field may carry. */
  enumValues: ReadonlySet<number> | undefined;
}

interface MessageRule {
  typeName: string;
  /** Indexed by field number. */
  fields: (FieldRule | undefined)[];
}

const WIRE_NAMES = ['varint', '64-bit', 'length-delimited', 'start-group', 'end-group', '32-bit', '6', '7'];
/** An unknown field's groups are skipped by the runtime; its own limit applies to their depth. */
const MAX_DEPTH = 64;

const rules = new Map<DescMessage, MessageRule>();

/** The first wire-level problem of a message of type `desc`, or undefined. */
export function checkWire(bytes: Uint8Array, desc: DescMessage, unknown?: string[]): WireProblem | undefined {
  const reader = new BinaryReader(bytes);
  try {
    return checkMessage(reader, bytes, bytes.length, ruleFor(desc), 0, unknown);
  } catch (error) {
    // The reader throws a RangeError when it reads past the buffer, an Error for bytes that
    // are no varint or tag at all.
    if (error instanceof RangeError) return { code: ProtobufCode.TRUNCATED, message: 'the message ends inside a field' };
    return { code: ProtobufCode.MALFORMED, message: error instanceof Error ? error.message : String(error) };
  }
}

function checkMessage(
  r: BinaryReader,
  bytes: Uint8Array,
  end: number,
  rule: MessageRule,
  depth: number,
  unknown: string[] | undefined,
): WireProblem | undefined {
  if (depth > MAX_DEPTH) return { code: ProtobufCode.MALFORMED, message: `messages nested deeper than ${MAX_DEPTH}` };
  while (r.pos < end) {
    const tagStart = r.pos;
    const tag = r.uint32();
    if (r.pos - tagStart > 5) return { code: ProtobufCode.MALFORMED, message: 'a field tag overflows 32 bits' };
    const number = tag >>> 3;
    const wire = (tag & 7) as WireType;
    if (number === 0) return { code: ProtobufCode.MALFORMED, message: `field number 0 in ${rule.typeName}` };
    if (wire === WireType.EndGroup) return { code: ProtobufCode.MALFORMED, message: `an end-group tag without a start in ${rule.typeName}` };
    if (wire > WireType.Bit32) return { code: ProtobufCode.MALFORMED, message: `invalid wire type ${wire} for field ${number} of ${rule.typeName}` };
    const field = rule.fields[number];
    const start = r.pos;
    if (field === undefined) {
      // Fields of newer schemas are skipped, as Go does, and listed.
      r.skip(wire, number, MAX_DEPTH - depth);
      unknown?.push(`${rule.typeName}.${number}`);
      if (wire === WireType.Varint && r.pos - start > 10) return overlong(rule, number);
    } else if (wire === field.wire) {
      const problem = checkValue(r, bytes, end, rule, field, number, depth, unknown);
      if (problem !== undefined) return problem;
    } else if (field.packable && wire === WireType.LengthDelimited) {
      const length = r.uint32();
      if (length > end - r.pos) return pastEnd(rule, field, length, end - r.pos);
      if (field.fixedWidth > 0 && length % field.fixedWidth !== 0) {
        return {
          code: ProtobufCode.MALFORMED,
          message: `packed field ${field.name} of ${rule.typeName} has ${length} bytes, not a multiple of ${field.fixedWidth}`,
        };
      }
      r.pos += length;
    } else {
      return {
        code: ProtobufCode.WIRE_TYPE,
        message: `field ${number} (${field.name}) of ${rule.typeName} has wire type ${wire} (${WIRE_NAMES[wire]}); the schema says ${field.wire} (${WIRE_NAMES[field.wire]})`,
      };
    }
    if (r.pos > end) return { code: ProtobufCode.TRUNCATED, message: `field ${number} of ${rule.typeName} runs past the end of its message` };
  }
  return undefined;
}

/** Checks a known field's value, which has the wire type the schema gives it. */
function checkValue(
  r: BinaryReader,
  bytes: Uint8Array,
  end: number,
  rule: MessageRule,
  field: FieldRule,
  number: number,
  depth: number,
  unknown: string[] | undefined,
): WireProblem | undefined {
  if (field.wire !== WireType.LengthDelimited) {
    const start = r.pos;
    if (field.enumValues !== undefined) {
      const value = r.int32();
      if (!field.enumValues.has(value))
        return { code: ProtobufCode.UNKNOWN_TYPE, message: `${rule.typeName}.${field.name} is ${value}, which the schema does not define` };
    } else {
      r.skip(field.wire, number);
    }
    if (field.wire === WireType.Varint && r.pos - start > 10) return overlong(rule, number);
    return undefined;
  }
  const length = r.uint32();
  if (length > end - r.pos) return pastEnd(rule, field, length, end - r.pos);
  const start = r.pos;
  const stop = start + length;
  if (field.child !== undefined) {
    const problem = checkMessage(r, bytes, stop, field.child, depth + 1, unknown);
    if (problem !== undefined) return problem;
  } else if (field.utf8 && !isAscii(bytes, start, stop) && firstInvalidUtf8(bytes.subarray(start, stop)) >= 0) {
    return { code: ProtobufCode.INVALID_UTF8, message: `${rule.typeName}.${field.name} is not valid UTF-8` };
  }
  r.pos = stop;
  return undefined;
}

// Names and label values are nearly always ASCII: a plain loop settles them without a
// subarray per string.
function isAscii(bytes: Uint8Array, start: number, stop: number): boolean {
  for (let i = start; i < stop; i++) if (bytes[i] >= 0x80) return false;
  return true;
}

function pastEnd(rule: MessageRule, field: FieldRule, length: number, left: number): WireProblem {
  return { code: ProtobufCode.TRUNCATED, message: `${rule.typeName}.${field.name} says ${length} bytes, but its message has ${left} left` };
}

function overlong(rule: MessageRule, number: number): WireProblem {
  return { code: ProtobufCode.MALFORMED, message: `field ${number} of ${rule.typeName} is a varint longer than 10 bytes` };
}

/** The rules of a message type, derived once from its descriptor. */
function ruleFor(desc: DescMessage): MessageRule {
  let rule = rules.get(desc);
  if (rule !== undefined) return rule;
  rule = { typeName: desc.typeName, fields: [] };
  // Registered before the fields, so a message type that contains itself ends the recursion.
  rules.set(desc, rule);
  for (const field of desc.fields) rule.fields[field.number] = fieldRule(field);
  return rule;
}

function fieldRule(field: DescField): FieldRule {
  const base = { name: field.name, packable: false, fixedWidth: 0, utf8: false, child: undefined, enumValues: undefined };
  switch (field.fieldKind) {
    case 'scalar':
      return { ...base, wire: scalarWire(field.scalar), utf8: field.scalar === ScalarType.STRING };
    case 'enum':
      return { ...base, wire: WireType.Varint, enumValues: field.enum.open ? undefined : new Set(field.enum.values.map((v) => v.number)) };
    case 'message':
      return { ...base, wire: WireType.LengthDelimited, child: ruleFor(field.message) };
    case 'list':
      if (field.listKind === 'message') return { ...base, wire: WireType.LengthDelimited, child: ruleFor(field.message) };
      if (field.listKind === 'enum') return { ...base, wire: WireType.Varint, packable: true };
      if (field.scalar === ScalarType.STRING || field.scalar === ScalarType.BYTES) {
        return { ...base, wire: WireType.LengthDelimited, utf8: field.scalar === ScalarType.STRING };
      }
      return { ...base, wire: scalarWire(field.scalar), packable: true, fixedWidth: fixedWidth(scalarWire(field.scalar)) };
    case 'map':
      // The schema has no maps; a map entry is a length-delimited message.
      return { ...base, wire: WireType.LengthDelimited };
  }
}

function scalarWire(scalar: ScalarType): WireType {
  switch (scalar) {
    case ScalarType.DOUBLE:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return WireType.Bit64;
    case ScalarType.FLOAT:
    case ScalarType.FIXED32:
    case ScalarType.SFIXED32:
      return WireType.Bit32;
    case ScalarType.STRING:
    case ScalarType.BYTES:
      return WireType.LengthDelimited;
    default:
      return WireType.Varint;
  }
}

function fixedWidth(wire: WireType): number {
  return wire === WireType.Bit64 ? 8 : wire === WireType.Bit32 ? 4 : 0;
}
