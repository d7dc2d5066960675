import { describe, expect, it } from 'vitest';
import { addressAllowed, parseAllowance, parseIpAddress, privateAddressKind } from '../../src/domain/networkAddress.js';

describe('private addresses', () => {
  it.each([
    ['0.0.0.0', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['100.64.0.1', 'shared address space'],
    ['100.127.255.254', 'shared address space'],
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['fc00::1', 'unique local'],
    ['fd12:3456::1', 'unique local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    // IPv4-mapped IPv6: judged as the IPv4 address inside, in either notation.
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local (cloud metadata)'],
    ['0:0:0:0:0:ffff:a00:1', 'private'],
    ['::127.0.0.1', 'IPv4-compatible'],
    // Forms that deliver to an IPv4 address they carry: judged as that address.
    ['64:ff9b::127.0.0.1', 'loopback (carried in NAT64)'],
    ['64:ff9b::a9fe:a9fe', 'link-local (cloud metadata) (carried in NAT64)'],
    ['64:ff9b:1::a00:1', 'local-use NAT64'],
    ['64:ff9b:1:ffff::808:808', 'local-use NAT64'],
    ['2002:7f00:1::1', 'loopback (carried in 6to4)'],
    ['2002:c0a8:101::', 'private (carried in 6to4)'],
    ['2002:a9fe:a9fe:1::5', 'link-local (cloud metadata) (carried in 6to4)'],
    // Teredo: the server in bits 32–63, the client inverted in the last 32 (f5ff:fffe is 10.0.0.1).
    ['2001:0:a00:1::808:808', 'private (carried in Teredo)'],
    ['2001:0:808:808::f5ff:fffe', 'private (carried in Teredo)'],
  ])('%s is %s', (address, kind) => {
    expect(privateAddressKind(address)).toBe(kind);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '100.63.255.255',
    '100.128.0.0',
    '172.15.255.255',
    '172.32.0.0',
    '192.167.1.1',
    '169.253.1.1',
    '11.0.0.1',
    '2001:4860:4860::8888',
    '::ffff:8.8.8.8',
    '2a00:1450:4001:80b::200e',
    '64:ff9b::8.8.8.8',
    '2002:808:808::1',
    // A Teredo address of public server 8.8.8.8 and public client 8.8.4.4 (inverted: f7f7:fbfb).
    '2001:0:808:808::f7f7:fbfb',
  ])('%s is public', (address) => {
    expect(privateAddressKind(address)).toBeNull();
  });

  it('reads only well-formed addresses', () => {
    for (const bad of ['256.0.0.1', '1.2.3', '1::2::3', '12345::', 'example.com', '1.2.3.4.5', ':::1', '1:2:3:4:5:6:7:8:9'])
      expect(parseIpAddress(bad), bad).toBeNull();
    expect(parseIpAddress('1:2:3:4:5:6:7:8')).not.toBeNull();
    expect(privateAddressKind('example.com')).toBe('not an address');
  });
});

describe('the allowance of RETOUR_ALLOW_PRIVATE_URLS', () => {
  it('allows nothing private when unset, everything with * or true', () => {
    expect(addressAllowed(parseAllowance(undefined), 'x', '127.0.0.1')).toBe(false);
    expect(addressAllowed(parseAllowance(''), 'x', '8.8.8.8')).toBe(true);
    expect(addressAllowed(parseAllowance('*'), 'x', '127.0.0.1')).toBe(true);
    expect(addressAllowed(parseAllowance('true'), 'x', '::1')).toBe(true);
  });

  it('allows the hosts and ranges it names, and no others', () => {
    const allowance = parseAllowance('erp.internal, 10.20.0.0/16,fd00::/8 , 192.168.1.5');
    expect(addressAllowed(allowance, 'erp.internal', '10.9.9.9')).toBe(true);
    expect(addressAllowed(allowance, 'ERP.internal', '10.9.9.9')).toBe(true);
    expect(addressAllowed(allowance, 'other.internal', '10.9.9.9')).toBe(false);
    expect(addressAllowed(allowance, 'a', '10.20.3.4')).toBe(true);
    expect(addressAllowed(allowance, 'a', '::ffff:10.20.3.4')).toBe(true);
    expect(addressAllowed(allowance, 'a', '10.21.0.1')).toBe(false);
    expect(addressAllowed(allowance, 'a', 'fd00::5')).toBe(true);
    expect(addressAllowed(allowance, 'a', 'fc00::5')).toBe(false);
    expect(addressAllowed(allowance, 'a', '192.168.1.5')).toBe(true);
    expect(addressAllowed(allowance, 'a', '192.168.1.6')).toBe(false);
    expect(addressAllowed(allowance, 'a', '127.0.0.1')).toBe(false);
    // A range allowed is allowed through the forms that carry it, and only it.
    expect(addressAllowed(allowance, 'a', '64:ff9b::10.20.3.4')).toBe(true);
    expect(addressAllowed(allowance, 'a', '2002:a14:304::1')).toBe(true);
    expect(addressAllowed(allowance, 'a', '64:ff9b::10.21.0.1')).toBe(false);
    expect(addressAllowed(allowance, 'a', '2002:7f00:1::1')).toBe(false);
  });

  it('refuses an entry that is neither a host, an address nor a range', () => {
    expect(() => parseAllowance('10.0.0.0/33')).toThrow(/10.0.0.0\/33/);
    expect(() => parseAllowance('http://erp')).toThrow(/RETOUR_ALLOW_PRIVATE_URLS/);
  });
});
