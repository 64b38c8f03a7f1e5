/** `expofmt fmt --escaping`: UTF-8 names written under each of Prometheus 3's schemes. */
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const INPUT = '# TYPE "my.metric" gauge\n{"my.metric","host.name"="a",job="j"} 1\n';

describe('fmt --escaping', () => {
  it.each([
    [[], INPUT],
    [['--escaping', 'allow-utf-8'], INPUT],
    [['--escaping', 'underscores'], '# TYPE my_metric gauge\nmy_metric{host_name="a",job="j"} 1\n'],
    [['--escaping', 'dots'], '# TYPE my_dot_metric gauge\nmy_dot_metric{host_dot_name="a",job="j"} 1\n'],
    [['--escaping=values'], '# TYPE U__my_2e_metric gauge\nU__my_2e_metric{U__host_2e_name="a",job="j"} 1\n'],
    [['--escaping', 'underscores', '--to', 'openmetrics'], '# TYPE my_metric gauge\nmy_metric{host_name="a",job="j"} 1.0\n# EOF\n'],
  ])('%j', async (args, stdout) => {
    expect(await runCli(['fmt', ...args], INPUT)).toEqual({ code: 0, stdout, stderr: '' });
  });

  it('refuses an unknown scheme with usage status 2', async () => {
    const result = await runCli(['fmt', '--escaping', 'Underscores'], INPUT);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe("expofmt fmt: --escaping must be one of allow-utf-8, underscores, dots, values, got 'Underscores'");
  });
});
