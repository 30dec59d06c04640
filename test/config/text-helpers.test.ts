import { describe, expect, it } from 'vitest';
import { closest, didYouMean, editDistance } from '../../src/config/did-you-mean.js';
import { formatDuration, parseDuration } from '../../src/config/duration.js';
import { parseEndpoint } from '../../src/config/schema-primitives.js';
import { commandTemplateProblem, fillUrlTemplate, templatePlaceholders } from '../../src/config/templates.js';

describe('did you mean', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('restrat', 'restart')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('matches across case and separators first, then by distance, else nothing', () => {
    expect(closest('depends_on', ['dependsOn', 'hosts'])).toBe('dependsOn');
    expect(closest('READONLY', ['readOnly'])).toBe('readOnly');
    expect(closest('hots', ['hosts', 'groups'])).toBe('hosts');
    expect(closest('zzz', ['hosts', 'groups'])).toBeUndefined();
    expect(didYouMean('wbe', ['web', 'db'])).toBe(" (did you mean 'web'?)");
    expect(didYouMean('x', [])).toBe('');
  });
});

describe('durations', () => {
  it('reads seconds and unit strings, compound too', () => {
    expect(parseDuration('250ms')).toBe(0.25);
    expect(parseDuration('30s')).toBe(30);
    expect(parseDuration('15m')).toBe(900);
    expect(parseDuration('1h30m')).toBe(5400);
    expect(parseDuration('30d')).toBe(2_592_000);
    expect(parseDuration('2.5')).toBe(2.5);
    for (const bad of ['', 'm', '5 minutes', '-1s', '1y', '5s3']) expect(parseDuration(bad)).toBeNull();
  });

  it('formats seconds back in the largest whole unit', () => {
    expect([0.25, 1, 60, 90, 900, 3600, 86_400].map(formatDuration)).toEqual(['250ms', '1s', '1m', '90s', '15m', '1h', '1d']);
  });
});

describe('endpoints', () => {
  it('parses host:port/path, IPv6 in brackets, an optional scheme, /metrics by default', () => {
    expect(parseEndpoint('localhost:9404')).toMatchObject({ scheme: 'http', host: 'localhost', port: 9404, path: '/metrics' });
    expect(parseEndpoint('https://[::1]:9443/m?x=1')).toMatchObject({ scheme: 'https', host: '::1', port: 9443, path: '/m?x=1' });
    for (const bad of ['localhost', 'localhost:0', 'localhost:65536', 'ftp://h:1/x', 'h :1']) expect(parseEndpoint(bad)).toBeNull();
  });
});

describe('templates', () => {
  it('finds {placeholders}, skipping {{ }} and backslash escapes', () => {
    expect(templatePlaceholders("awk '{{print $1}}' {host} \\{port} {value}")).toEqual(['host', 'value']);
  });

  it('checks command templates with the real filler', () => {
    expect(commandTemplateProblem('systemctl restart {component}', ['component'])).toBeUndefined();
    expect(commandTemplateProblem('systemctl restart {componnt}', ['component'])).toMatch(/unknown placeholder \{componnt\}/);
    expect(commandTemplateProblem("drain '{host}'", ['host'])).toMatch(/inside single quotes/);
  });

  it('URL-encodes values in URL templates', () => {
    expect(fillUrlTemplate('http://localhost/t?rate={value}&h={host}&x={{y}}', { value: '5 0&x', host: 'a/b' })).toBe(
      'http://localhost/t?rate=5%200%26x&h=a%2Fb&x={y}',
    );
    expect(() => fillUrlTemplate('http://x/{nope}', {})).toThrow(/unknown placeholder \{nope\}/);
  });
});
