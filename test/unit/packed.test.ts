/** Data packed into a bundle at build time (shared/packed.ts) comes back as JSON carries it. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packJson, unpackJson } from '../../shared/packed.ts';

describe('packed data', () => {
  it('unpacks to the value packed, Vietnamese text included', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom('Xã Ia Tô', 'Phường Pleiku', 'Sở Tư pháp tỉnh Gia Lai'), (value, name) => {
        // Arrange
        const data = { name, value };
        // Act
        const back = unpackJson(packJson(data));
        // Assert
        expect(back).toEqual(JSON.parse(JSON.stringify(data)));
      }),
    );
  });

  it('is plain base64, so a bundle written in ASCII carries it byte for byte', () => {
    // Arrange / Act
    const packed = packJson({ name: 'Bưu điện văn hóa xã Ia Tô' });
    // Assert
    expect(packed).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });
});
