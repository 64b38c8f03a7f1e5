/** The grouping key from the push URL, without HTTP: base64, empty values, errors, Go's texts. */
import { describe, expect, it } from 'vitest';
import { decodeBase64Url, encodeBase64Url } from '../../src/gateway/go-base64.js';
import { parsePushPath, pushPath } from '../../src/gateway/grouping-path.js';

const labels = (path: string) => parsePushPath(path);

describe('parsePushPath', () => {
  it('reads job and label pairs, sorted by name; the :job segment wins; the last repeat wins', () => {
    expect(labels('/metrics/job/j/instance/i/zone/eu')).toEqual({ labels: ['instance', 'i', 'job', 'j', 'zone', 'eu'] });
    expect(labels('/metrics/job/j/job/other')).toEqual({ labels: ['job', 'j'] });
    expect(labels('/metrics/job/j/a/1/a/2')).toEqual({ labels: ['a', '2', 'job', 'j'] });
    expect(labels('/metrics/job/j/b/2/a/1')).toEqual(labels('/metrics/job/j/a/1/b/2'));
  });

  it('is not a push route otherwise', () => {
    expect(labels('/metrics/job')).toBeUndefined();
    expect(labels('/metrics')).toBeUndefined();
    expect(labels('/metrics/jobs/x')).toBeUndefined();
  });

  it('decodes @base64 values, padding optional, = for empty', () => {
    expect(labels('/metrics/job@base64/YS9i/path@base64/L3Zhci90bXA')).toEqual({ labels: ['job', 'a/b', 'path', '/var/tmp'] });
    expect(labels('/metrics/job/b64job/v@base64/YS9i==')).toEqual({ labels: ['job', 'b64job', 'v', 'a/b'] });
    expect(labels('/metrics/job/b64job/first_label@base64/=/second_label/foobar')).toEqual({
      labels: ['first_label', '', 'job', 'b64job', 'second_label', 'foobar'],
    });
    expect(labels('/metrics/job/titan/name@base64/zqDPgc6_zrzOt864zrXPjc-C')).toEqual({ labels: ['job', 'titan', 'name', 'Προμηθεύς'] });
  });

  it('takes trailing empty segments as empty values, and a trailing slash after the job as nothing', () => {
    expect(labels('/metrics/job/b64job/lbl@base64/')).toEqual({ labels: ['job', 'b64job', 'lbl', ''] });
    expect(labels('/metrics/job/trailjob/foo/')).toEqual({ labels: ['foo', '', 'job', 'trailjob'] });
    expect(labels('/metrics/job/trailjob/')).toEqual({ labels: ['job', 'trailjob'] });
    expect(labels('/metrics/job/j/first_label//second_label/x')).toEqual({ labels: ['first_label', '', 'job', 'j', 'second_label', 'x'] });
  });

  it('percent-decodes each segment; %2F is a slash inside the value; + stays +', () => {
    expect(labels('/metrics/job/titan/name/%CE%A0%CF%81%CE%BF%CE%BC%CE%B7%CE%B8%CE%B5%CF%8D%CF%82')).toEqual({ labels: ['job', 'titan', 'name', 'Προμηθεύς'] });
    expect(labels('/metrics/job/b/path/%2Fvar%2Ftmp')).toEqual({ labels: ['job', 'b', 'path', '/var/tmp'] });
    expect(labels('/metrics/job/plus/note/a+b')).toEqual({ labels: ['job', 'plus', 'note', 'a+b'] });
  });

  it("gives Pushgateway's error texts", () => {
    expect(labels('/metrics/job/b64job/lbl@base64/foo.bar')).toEqual({
      error: 'invalid base64 encoding for label lbl="foo.bar": illegal base64 data at input byte 3',
    });
    expect(labels('/metrics/job/oddjob/a/b/c')).toEqual({ error: 'odd number of components in label string "/a/b/c"' });
    expect(labels('/metrics/job/j/a/b/')).toEqual({ error: 'odd number of components in label string "/a/b/"' });
    expect(labels('/metrics/job/j/a/b/c/')).toEqual({ labels: ['a', 'b', 'c', '', 'job', 'j'] });
    expect(labels('/metrics/job/badlbl/a-b/x')).toEqual({ error: 'improper label name "a-b"' });
    expect(labels('/metrics/job/badlbl/__x/y')).toEqual({ error: 'improper label name "__x"' });
    expect(labels('/metrics/job@base64/=/instance/x')).toEqual({ error: 'job name is required' });
    expect(labels('/metrics/job@base64/=')).toEqual({ error: 'job name is required' });
    expect(labels('/metrics/job/')).toEqual({ error: 'job name is required' });
    // The job is named (Pushgateway 1.5.1 shows "" because it overwrote the variable).
    expect(labels('/metrics/job@base64/foo.bar')).toEqual({ error: 'invalid base64 encoding in job name "foo.bar": illegal base64 data at input byte 3' });
    expect(labels('/metrics/job/j/a/%zz')).toEqual({ error: 'invalid URL escape "%zz"' });
    expect(labels('/metrics/job/j/a/%FF')).toEqual({ error: 'invalid UTF-8 in URL path segment "%FF"' });
    expect(labels('/metrics/job/j/a@base64/_w')).toEqual({ error: 'invalid base64 encoding for label a="_w": the decoded value is not valid UTF-8' });
  });

  it('round-trips through pushPath for any value', () => {
    for (const value of ['', 'a/b', 'x y+z', '"quoted"\n\\', 'Προμηθεύς', '=', '🙂']) {
      const key = ['instance', value, 'job', value || 'j'];
      expect(labels(pushPath(key))).toEqual({ labels: key });
    }
  });
});

describe('decodeBase64Url', () => {
  const text = (s: string) => {
    const r = decodeBase64Url(s);
    return 'error' in r ? r.error : Buffer.from(r.bytes).toString('latin1');
  };

  it("matches Go's RawURLEncoding after stripping =", () => {
    expect(text('')).toBe('');
    expect(text('=')).toBe('');
    expect(text('YQ')).toBe('a');
    expect(text('YQ==')).toBe('a');
    expect(text('YWI')).toBe('ab');
    expect(text('YWJj')).toBe('abc');
    expect(text('YW\nJj')).toBe('abc');
    expect(text('Y')).toBe('illegal base64 data at input byte 0');
    expect(text('YWJjZ')).toBe('illegal base64 data at input byte 4');
    expect(text('YW=Jj')).toBe('illegal base64 data at input byte 2');
    expect(text('YW+j')).toBe('illegal base64 data at input byte 2');
    expect(text('Y€')).toBe('illegal base64 data at input byte 1');
  });

  it('encodes URL-safe with padding, = for empty', () => {
    expect(encodeBase64Url('')).toBe('=');
    expect(encodeBase64Url('a/b')).toBe('YS9i');
    expect(encodeBase64Url('\xff\xfe?')).toBe('w7_Dvj8=');
  });
});
