import { describe, expect, it } from 'vitest';
import { mainClassOf } from '../../../src/collect/jvm/main-class.js';

describe('mainClassOf', () => {
  it('names the class, jar or module, skipping options and their values', () => {
    expect(mainClassOf(['java', '-cp', '/opt/a.jar:/opt/b.jar', '-Xmx2g', '-Dx=y', 'com.acme.OrderEngine', '--port', '9000'])).toBe('com.acme.OrderEngine');
    expect(mainClassOf(['/usr/bin/java', '-XX:+UseG1GC', '-jar', '/opt/md/market-data.jar'])).toBe('/opt/md/market-data.jar');
    expect(mainClassOf(['java', '--add-opens', 'java.base/java.lang=ALL-UNNAMED', '-m', 'com.acme.gw/com.acme.gw.Main'])).toBe('com.acme.gw/com.acme.gw.Main');
    expect(mainClassOf(['java', '--module=com.acme.gw/com.acme.gw.Main'])).toBe('com.acme.gw/com.acme.gw.Main');
    expect(mainClassOf(['java', '@/opt/app/jvm.args', 'Main'])).toBe('Main');
    expect(mainClassOf(['jsvc', '-user', 'trader', '-pidfile', '/run/x.pid', '-cp', 'x.jar', 'com.acme.Daemon'])).toBe('com.acme.Daemon');
    expect(mainClassOf(['java', '-version'])).toBe('?');
    expect(mainClassOf([])).toBe('?');
  });
});
